import { describe, expect, test } from "vitest";
import { findLinks, type FoundLink } from "./linkify";

function onlyLink(content: string): FoundLink {
  const links = findLinks(content);
  expect(links).toHaveLength(1);
  const [link] = links;
  if (!link || link.start !== 0 || link.end !== content.length) throw new Error(`not one link: ${JSON.stringify(links)}`);
  return link;
}

const BIDI_CONTROLS = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
// U+FEFF is not here: JavaScript's \s counts it as a space, so it ends a link (tested below).
const ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060"];
const INVISIBLE_IN_TEXT = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/u;

describe("ordinary links read as typed", () => {
  test.each([
    "https://example.com/path?q=1",
    "https://example.com",
    "https://example.com/",
    "http://example.com:8080/a/b#part",
    "https://ru.wikipedia.org/wiki/Москва_(город)",
    "https://example.com/поиск?q=кошки#ответ",
    "https://example.com/a%2Fb?x=%26",
  ])("%s", (typed) => {
    const link = onlyLink(typed);
    expect(link.text).toBe(typed);
    expect(link.warnings).toEqual([]);
    expect(link.href).toBe(new URL(typed).href);
  });

  test("sentence punctuation stays outside the link", () => {
    expect(findLinks("см. https://example.com/a.")).toEqual([
      { start: 4, end: 25, text: "https://example.com/a", href: "https://example.com/a", host: "example.com", warnings: [] },
    ]);
  });

  test("only http(s) becomes a link", () => {
    expect(findLinks("javascript:alert(1) ftp://example.com")).toEqual([]);
  });
});

describe("bidi controls and zero-width characters cannot reorder or hide the link", () => {
  test("a right-to-left override shows as its escape, so …gpj.exe cannot read as …exe.jpg", () => {
    const link = onlyLink("https://evil.example/\u202Egpj.exe");
    expect(link.text).toBe("https://evil.example/%E2%80%AEgpj.exe");
    expect(link.href).toBe("https://evil.example/%E2%80%AEgpj.exe");
    expect(link.host).toBe("evil.example");
    expect(link.warnings).toEqual(["hidden"]);
  });

  test.each([...BIDI_CONTROLS, ...ZERO_WIDTH].map((char) => [`U+${char.codePointAt(0)?.toString(16).toUpperCase()}`, char]))(
    "%s in the path, the query and the fragment stays escaped",
    (_name, char) => {
      const link = onlyLink(`https://evil.example/a${char}b?q=${char}#${char}x`);
      expect(link.text).not.toMatch(INVISIBLE_IN_TEXT);
      expect(link.text).toContain(encodeURIComponent(char));
      expect(link.warnings).toEqual(["hidden"]);
    },
  );

  test("an escape typed as text is not decoded into a control", () => {
    const link = onlyLink("https://evil.example/%E2%80%AEgpj.exe");
    expect(link.text).toBe("https://evil.example/%E2%80%AEgpj.exe");
    expect(link.warnings).toEqual(["hidden"]);
  });

  test("a zero-width space the parser drops from the host is still reported", () => {
    const link = onlyLink("https://goo\u200Bgle.com/");
    expect(link.text).toBe("https://google.com/");
    expect(link.warnings).toEqual(["hidden"]);
  });

  test("a zero-width no-break space ends the link like a space", () => {
    expect(findLinks("https://example.com/a\uFEFFb").map((link) => link.end)).toEqual(["https://example.com/a".length]);
  });

  test("a bidi control inside the host is no link at all (the URL parser refuses it)", () => {
    expect(findLinks("https://ex\u202Eample.com/")).toEqual([]);
  });
});

describe("hosts that could pass for another show punycode", () => {
  test.each([
    ["Latin + Cyrillic", "https://exаmple.com", "https://xn--exmple-4nf.com"],
    ["Latin + Greek", "https://gοogle.com/login", "https://xn--gogle-rce.com/login"],
    ["all-Cyrillic lookalike under .com", "https://аррӏе.com/", "https://xn--80ak6aa92e.com/"],
    ["all-Greek lookalike under .com", "https://ορτ.com/", "https://xn--0xaej.com/"],
    ["a division slash faking a path", "https://google.com\u2215evil.example/", "https://google.xn--comevil-ef0d.example/"],
  ])("%s", (_name, typed, text) => {
    const link = onlyLink(typed);
    expect(link.text).toBe(text);
    expect(link.host).toBe(new URL(typed).host);
    expect(link.warnings).toEqual(["punycode"]);
  });

  test.each([
    ["a Russian domain", "https://пример.рф/", "https://пример.рф/", "пример.рф"],
    ["the same domain typed in punycode", "https://xn--e1afmkfd.xn--p1ai/путь", "https://пример.рф/путь", "пример.рф"],
    ["a Cyrillic word under .com", "https://пример.com/", "https://пример.com/", "пример.com"],
    ["a Cyrillic lookalike under its own ccTLD", "https://аррӏе.ru/", "https://аррӏе.ru/", "аррӏе.ru"],
    ["a Greek domain", "https://παράδειγμα.ελ/", "https://παράδειγμα.ελ/", "παράδειγμα.ελ"],
    ["Japanese mixing Han and Katakana", "https://日本語ドメイン.jp/", "https://日本語ドメイン.jp/", "日本語ドメイン.jp"],
  ])("%s stays readable", (_name, typed, text, host) => {
    const link = onlyLink(typed);
    expect(link.text).toBe(text);
    expect(link.host).toBe(host);
    expect(link.warnings).toEqual([]);
  });
});

describe("userinfo cannot pose as the host", () => {
  test("google.com@evil.example goes to evil.example, and says so", () => {
    const link = onlyLink("https://google.com@evil.example/");
    expect(link.href).toBe("https://google.com@evil.example/");
    expect(link.text).toBe("https://google.com@evil.example/");
    expect(link.host).toBe("evil.example");
    expect(link.warnings).toEqual(["userinfo"]);
  });

  test("a password and a port are shown too", () => {
    const link = onlyLink("https://paypal.com:secure@evil.example:8443/login");
    expect(link.text).toBe("https://paypal.com:secure@evil.example:8443/login");
    expect(link.host).toBe("evil.example:8443");
    expect(link.warnings).toEqual(["userinfo"]);
  });

  test("every reason is listed when several apply", () => {
    const link = onlyLink("https://google.com@exаmple.com/\u202Eexe");
    expect(link.host).toBe("xn--exmple-4nf.com");
    expect(link.text).toBe("https://google.com@xn--exmple-4nf.com/%E2%80%AEexe");
    expect(link.warnings).toEqual(["punycode", "userinfo", "hidden"]);
  });
});
