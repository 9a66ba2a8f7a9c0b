import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestUser, registerAndSignIn, registrationFields, submitForm } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

describe("security headers", () => {
  it("gives every page a nonce-based CSP without eval, and stamps every script with that nonce", async () => {
    for (const path of ["/login", "/register"]) {
      const response = await fetch(new URL(path, server.url));
      const policy = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce).toBeDefined();
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toContain("unsafe-eval");
      expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    const first = (await fetch(new URL("/login", server.url))).headers.get("content-security-policy");
    const second = (await fetch(new URL("/login", server.url))).headers.get("content-security-policy");
    expect(first).not.toBe(second);
  });

  it("sends nosniff, a referrer policy and no framing on pages and API responses", async () => {
    for (const path of ["/login", "/api/health", "/api/rooms"]) {
      const headers = (await fetch(new URL(path, server.url))).headers;
      expect({ path, nosniff: headers.get("x-content-type-options") }).toEqual({ path, nosniff: "nosniff" });
      expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(headers.get("x-frame-options")).toBe("DENY");
      expect(headers.get("x-powered-by")).toBeNull();
    }
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const { response } = await submitForm(server.url, "/register", registrationFields(generateTestUser()));
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("authjs.session-token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe("redirects", () => {
  it("never follows a callbackUrl or other redirect parameter off the site", async () => {
    const { user } = await registerAndSignIn(server.url);
    for (const page of ["/login?callbackUrl=https://evil.example/", "/login?next=//evil.example", "/login?redirect=https%3A%2F%2Fevil.example"]) {
      const { response } = await submitForm(server.url, page, { username: user.username, password: user.password });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/chat");
    }
    const logout = await fetch(new URL("/logout?callbackUrl=https://evil.example/", server.url), { redirect: "manual" });
    expect(logout.headers.get("location")).toBe("/login");
  });
});
