import { expect, test } from "vitest";
import { findLinks } from "./linkify";

/** Text between links as it is, links as <href>: enough to see where a link starts and ends. */
function split(content: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const link of findLinks(content)) {
    if (link.start > last) parts.push(content.slice(last, link.start));
    parts.push(`<${link.href}>`);
    last = link.end;
  }
  if (last < content.length) parts.push(content.slice(last));
  return parts;
}

test.each([
  ["", []],
  ["просто текст", ["просто текст"]],
  ["https://a.example", ["<https://a.example/>"]],
  ["раз https://a.example и два http://b.example/x?y=1 конец", ["раз ", "<https://a.example/>", " и два ", "<http://b.example/x?y=1>", " конец"]],
  ["(см. https://a.example/x)", ["(см. ", "<https://a.example/x>", ")"]],
  ["https://en.wikipedia.org/wiki/Pipe_(Unix).", ["<https://en.wikipedia.org/wiki/Pipe_(Unix)>", "."]],
  ["«https://a.example/путь»!", ["«", "<https://a.example/%D0%BF%D1%83%D1%82%D1%8C>", "»!"]],
  ['<a href="https://a.example">x</a>', ['<a href="', "<https://a.example/>", '">x</a>']],
  ["**https://a.example/x**", ["**", "<https://a.example/x>", "**"]],
  ["||https://a.example||", ["||", "<https://a.example/>", "||"]],
  ["https://a.example/snake_case_(x)_", ["<https://a.example/snake_case_(x)>", "_"]],
  ["https://a.example/a**b||c", ["<https://a.example/a**b||c>"]],
])("%j", (content, expected) => {
  expect(split(content)).toEqual(expected);
});

test.each(["javascript:alert(1)", "ftp://a.example/file", "data:text/html,<b>x</b>", "www.example.com", "mailto:a@example.com"])(
  "%s stays text",
  (content) => {
    expect(findLinks(content)).toEqual([]);
  },
);

test("a scheme with nothing after it is not a link", () => {
  expect(findLinks("http:// и всё")).toEqual([]);
});

test("an ordinary link is shown exactly as typed", () => {
  const content = "a https://x.example/1. b\nhttps://y.example/2) c";
  expect(findLinks(content).map((link) => [link.text, content.slice(link.start, link.end)])).toEqual([
    ["https://x.example/1", "https://x.example/1"],
    ["https://y.example/2", "https://y.example/2"],
  ]);
});
