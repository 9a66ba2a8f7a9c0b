import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { CATALOGUE } from "../i18n/catalogue";
import { ChatMarkdown } from "./markdown";

// createElement's types want children among the props, React's lint wants them as an argument.
const Intl = NextIntlClientProvider as ComponentType<Omit<ComponentProps<typeof NextIntlClientProvider>, "children">>;

const render = (content: string) =>
  renderToStaticMarkup(createElement(Intl, { locale: "ru", messages: CATALOGUE.ru, timeZone: "UTC" }, createElement(ChatMarkdown, { content })));

/** The markup with the renderers' classes and the spoiler's fixed attributes left out: what the tests are about. */
const shape = (content: string) =>
  render(content)
    .replace(/ (class|dir|target|rel|title|tabindex|aria-label)="[^"]*"/g, "")
    .replace(/<span role="button" aria-expanded="false"><span>(.*?)<\/span><\/span>/g, "<spoiler>$1</spoiler>");

const ALLOWED_TAGS = new Set(["p", "br", "strong", "em", "u", "del", "code", "pre", "blockquote", "a", "span"]);
const ALLOWED_ATTRIBUTES = new Set(["class", "href", "dir", "target", "rel", "role", "tabindex", "aria-expanded", "aria-label", "title"]);

/** Only the chat's own elements and attributes, and every href an http(s) one: nothing a payload could run through. */
function expectInert(html: string) {
  const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
  for (const [, tag = "", attributes = ""] of tags) {
    expect(ALLOWED_TAGS).toContain(tag);
    for (const [, name = ""] of attributes.matchAll(/\s([^\s=]+)=/g)) expect(ALLOWED_ATTRIBUTES).toContain(name);
  }
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\//);
  expect(html).not.toMatch(/<(script|img|svg|iframe|style|object|embed)\b/i);
}

describe("formats", () => {
  test.each([
    ["**bold**", "<p><strong>bold</strong></p>"],
    ["*italic* _italic_", "<p><em>italic</em> <em>italic</em></p>"],
    ["__underline__", "<p><u>underline</u></p>"],
    ["~~strike~~ ~not~", "<p><del>strike</del> ~not~</p>"],
    ["`a <b> c`", "<p><code>a &lt;b&gt; c</code></p>"],
    ["> quoted\nreply", "<blockquote><p>quoted</p></blockquote><p>reply</p>"],
    ["```\nplain\n```", "<pre><code>plain</code></pre>"],
    ["||secret||", "<p><spoiler>secret</spoiler></p>"],
    ["one\ntwo\n\n\nthree", "<p>one<br/>two<br/><br/><br/>three</p>"],
  ])("%j", (content, html) => {
    expect(shape(content)).toBe(html);
  });

  test("what a chat does not show stays text, exactly as typed", () => {
    const content = "# heading\n- item\n1. item\n***\n---\n[x](https://a.example) ![i](https://a.example/i.png) &amp; <b>x</b>";
    const html = render(content);
    expect(html).not.toMatch(/<(h1|ul|ol|li|hr|img|b)\b/);
    expect(html.replace(/<br\/>/g, "\n").replace(/<[^>]+>/g, "")).toBe(
      "# heading\n- item\n1. item\n***\n---\n[x](https://a.example) ![i](https://a.example/i.png) &amp;amp; &lt;b&gt;x&lt;/b&gt;",
    );
  });

  test("quoted lines in a row are one quote; a blank line ends it", () => {
    expect(shape("> a\n> b\n\n> c")).toBe("<blockquote><p>a<br/>b</p></blockquote><blockquote><p>c</p></blockquote>");
  });

  test("a quote needs a space after >, so faces stay faces; >> is one level", () => {
    expect(shape(">_< and >.>")).toBe("<p>&gt;_&lt; and &gt;.&gt;</p>");
    expect(shape("> > deep")).toBe("<blockquote><p>deep</p></blockquote>");
  });
});

describe("underline: __ is Discord's, not CommonMark's bold", () => {
  test.each([
    ["__u__ **b**", "<p><u>u</u> <strong>b</strong></p>"],
    ["___ui___", "<p><em><u>ui</u></em></p>"],
    ["__**ub**__", "<p><u><strong>ub</strong></u></p>"],
    ["**__bu__**", "<p><strong><u>bu</u></strong></p>"],
    ["snake__case__name", "<p>snake__case__name</p>"],
    ["\\_\\_escaped\\_\\_", "<p>__escaped__</p>"],
    ["__unclosed", "<p>__unclosed</p>"],
  ])("%j", (content, html) => {
    expect(shape(content)).toBe(html);
  });
});

describe("spoilers", () => {
  test.each([
    ["|| spaced ||", "<p><spoiler> spaced </spoiler></p>"],
    ["||a|| and ||b||", "<p><spoiler>a</spoiler> and <spoiler>b</spoiler></p>"],
    ["||**bold** inside||", "<p><spoiler><strong>bold</strong> inside</spoiler></p>"],
    ["**||inside bold||**", "<p><strong><spoiler>inside bold</spoiler></strong></p>"],
    ["||`code`||", "<p><spoiler><code>code</code></spoiler></p>"],
    ["`||not||`", "<p><code>||not||</code></p>"],
    ["\\|\\|escaped\\|\\|", "<p>||escaped||</p>"],
    ["|||three|||", "<p>|||three|||</p>"],
    ["a || b", "<p>a || b</p>"],
    ["||a ||b|| c||", "<p><spoiler>a </spoiler>b<spoiler> c</spoiler></p>"],
  ])("%j", (content, html) => {
    expect(shape(content)).toBe(html);
  });

  test("a link in a spoiler is covered with it: invisible, so neither read out nor focusable", () => {
    const html = render("||https://a.example||");
    expect(html).toMatch(/<span role="button" tabindex="0" aria-expanded="false" aria-label="Спойлер"[^>]*><span class="invisible"><a href="https:\/\/a.example\/"/);
  });
});

describe("links", () => {
  test("only http(s) text is a link; Markdown inside a URL is part of it", () => {
    expect(shape("see https://a.example/snake__case_x_ or **https://b.example**.")).toBe(
      '<p>see <a href="https://a.example/snake__case_x">https://a.example/snake__case_x</a>_ or <strong><a href="https://b.example/">https://b.example</a></strong>.</p>',
    );
  });

  test("a link goes exactly where the browser's URL parser says, brackets and bars included", () => {
    expect(render("http://[::1]:8080/a|b")).toContain('href="http://[::1]:8080/a|b"');
  });

  test("every link opens apart from the chat and passes nothing on", () => {
    expect(render("https://a.example")).toContain('target="_blank" rel="noopener noreferrer nofollow"');
  });

  test("a lookalike host, even in bold, is shown in punycode with the real host named beside it", () => {
    const html = render("**https://exаmple.com/login**");
    expect(html).toContain('href="https://xn--exmple-4nf.com/login"');
    expect(html).toMatch(/<span class="sr-only">Ссылка ведёт на <\/span><span dir="ltr">xn--exmple-4nf.com<\/span>/);
  });

  test("a link in code is code", () => {
    expect(shape("`https://a.example`")).toBe("<p><code>https://a.example</code></p>");
  });
});

describe("hostile input stays inert", () => {
  test.each([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**<img src=x onerror=alert(1)>**",
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x]: javascript:alert(1)\n[x]",
    "<javascript:alert(1)>",
    "||<svg onload=alert(1)>||",
    "`<script>`",
    "```html\n<script>alert(1)</script>\n```",
    "||`||`||`||",
    "```\n||a```||",
    "***",
    "*** ___ ~~~~ |||| ````",
    "&#106;avascript&#58;alert(1) &lt;script&gt;",
    'https://a.example/"onmouseover="alert(1)',
    "https://a.example/<script>",
    "javascript:alert(1)",
    "> <iframe src=javascript:alert(1)>",
  ])("%j", (content) => {
    expectInert(render(content));
  });

  test("a script tag is shown as the text it is", () => {
    expect(render("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  });

  test.each([
    ["emphasis marks", "*_".repeat(1000)],
    ["spoiler bars", "||a".repeat(666)],
    ["unpaired bars", "|| ".repeat(666)],
    ["brackets", "[".repeat(1000) + "](".repeat(500)],
    ["backticks", "`a".repeat(1000)],
    ["quotes", "> ".repeat(1000)],
    ["nested emphasis", "**__~~||".repeat(250)],
    ["links", "https://a.example/_*| ".repeat(90)],
    ["lines", "a\n".repeat(1000)],
  ])("2000 characters of %s render in bounded time and inert", (_name, content) => {
    const started = performance.now();
    const html = render(content.slice(0, 2000));
    // A catastrophe guard, not a benchmark: the worst of these takes about 0.3 s in production builds on this
    // machine (micromark's emphasis matching), under a second in Vitest's development builds.
    expect(performance.now() - started).toBeLessThan(3000);
    expectInert(html);
  });
});
