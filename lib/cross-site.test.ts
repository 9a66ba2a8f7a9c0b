import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { isCrossSiteWrite, isOwnNavigation, ownOrigin } from "./cross-site";

const HOST = "chat.example.com";
const LISTED = "https://other.example.org";

const write = (headers: IncomingHttpHeaders, { method = "POST", trustProxy = false } = {}) =>
  isCrossSiteWrite({ method, headers: { host: HOST, ...headers }, allowedOrigins: [LISTED], trustProxy });

describe("ownOrigin", () => {
  it("is the Host over plain HTTP, dropping the default port", () => {
    expect(ownOrigin({ host: "127.0.0.1:5000" }, false)).toBe("http://127.0.0.1:5000");
    expect(ownOrigin({ host: "chat.example.com:80" }, false)).toBe("http://chat.example.com");
  });

  it("believes X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(ownOrigin({ host: HOST, "x-forwarded-proto": "https" }, true)).toBe("https://chat.example.com");
    expect(ownOrigin({ host: HOST, "x-forwarded-proto": "https" }, false)).toBe("http://chat.example.com");
    expect(ownOrigin({ host: HOST, "x-forwarded-proto": "gopher" }, true)).toBe("http://chat.example.com");
  });

  it("is null without a usable Host", () => {
    expect(ownOrigin({}, false)).toBeNull();
    expect(ownOrigin({ host: "a b" }, false)).toBeNull();
  });
});

describe("isCrossSiteWrite", () => {
  it("lets reads through, whoever asks", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(write({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, { method })).toBe(false);
    }
  });

  it("refuses every other method from a foreign origin", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post", "PROPFIND"]) {
      expect(write({ origin: "https://evil.example" }, { method })).toBe(true);
    }
  });

  it.each<[string, IncomingHttpHeaders]>([
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["another port of the same host", { origin: "http://chat.example.com:8080" }],
    ["a subdomain", { origin: "http://evil.chat.example.com" }],
    ["the same host over HTTPS when the server only sees HTTP", { origin: "https://chat.example.com" }],
    ["Origin: null (sandboxed frames, redirects)", { origin: "null" }],
    ["a malformed Origin", { origin: "not a url" }],
    ["only a foreign Referer", { referer: "https://evil.example/page?x=1" }],
    ["a malformed Referer", { referer: "::" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["our own Origin yet Sec-Fetch-Site: cross-site", { origin: "http://chat.example.com", "sec-fetch-site": "cross-site" }],
    ["a foreign Origin beside our own Referer", { origin: "https://evil.example", referer: "http://chat.example.com/chat" }],
  ])("refuses %s", (_label, headers) => {
    expect(write(headers)).toBe(true);
  });

  it.each<[string, IncomingHttpHeaders]>([
    ["no Origin, Referer or Sec-Fetch-Site (a program, not a page)", {}],
    ["our own Origin", { origin: "http://chat.example.com", "sec-fetch-site": "same-origin" }],
    ["our own Referer without Origin", { referer: "http://chat.example.com/chat?room=1" }],
    ["Sec-Fetch-Site: same-origin alone", { "sec-fetch-site": "same-origin" }],
    ["Sec-Fetch-Site: none (the person's own action)", { "sec-fetch-site": "none" }],
    ["a listed origin, even cross-site", { origin: LISTED, "sec-fetch-site": "cross-site" }],
    ["a listed origin as the Referer", { referer: `${LISTED}/embed`, "sec-fetch-site": "cross-site" }],
  ])("allows %s", (_label, headers) => {
    expect(write(headers)).toBe(false);
  });

  it("takes the scheme from a trusted proxy", () => {
    const headers = { origin: "https://chat.example.com", "x-forwarded-proto": "https" };
    expect(write(headers, { trustProxy: true })).toBe(false);
    expect(write(headers, { trustProxy: false })).toBe(true);
  });

  it("refuses any Origin when the request has no Host to compare it with", () => {
    expect(isCrossSiteWrite({ method: "POST", headers: { origin: "http://chat.example.com" }, allowedOrigins: [], trustProxy: false })).toBe(
      true,
    );
  });
});

describe("isOwnNavigation", () => {
  const navigation = (headers: IncomingHttpHeaders) => isOwnNavigation({ headers: { host: HOST, ...headers }, allowedOrigins: [LISTED], trustProxy: false });

  it.each<[string, IncomingHttpHeaders]>([
    ["an address typed by hand", { "sec-fetch-site": "none", "sec-fetch-dest": "document" }],
    ["a link inside the app", { "sec-fetch-site": "same-origin", "sec-fetch-dest": "document", referer: "http://chat.example.com/chat" }],
    ["a client without these headers", {}],
  ])("is %s", (_label, headers) => {
    expect(navigation(headers)).toBe(true);
  });

  it.each<[string, IncomingHttpHeaders]>([
    ["a link on another site", { "sec-fetch-site": "cross-site", "sec-fetch-dest": "document" }],
    ["a link on a sibling origin", { "sec-fetch-site": "same-site", "sec-fetch-dest": "document" }],
    ["an image on our own pages", { "sec-fetch-site": "same-origin", "sec-fetch-dest": "image" }],
    ["a frame", { "sec-fetch-site": "same-origin", "sec-fetch-dest": "iframe" }],
    ["an old browser's link from elsewhere", { referer: "https://evil.example/" }],
  ])("is not %s", (_label, headers) => {
    expect(navigation(headers)).toBe(false);
  });
});
