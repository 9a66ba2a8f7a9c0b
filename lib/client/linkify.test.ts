import { expect, test } from "vitest";
import { linkify } from "./linkify";

/** Text parts as they are, links as <href>: enough to see where a link starts and ends. */
const split = (content: string) => linkify(content).map((part) => (part.kind === "text" ? part.text : `<${part.href}>`));

test.each([
  ["", []],
  ["просто текст", ["просто текст"]],
  ["https://a.example", ["<https://a.example/>"]],
  ["раз https://a.example и два http://b.example/x?y=1 конец", ["раз ", "<https://a.example/>", " и два ", "<http://b.example/x?y=1>", " конец"]],
  ["(см. https://a.example/x)", ["(см. ", "<https://a.example/x>", ")"]],
  ["https://en.wikipedia.org/wiki/Pipe_(Unix).", ["<https://en.wikipedia.org/wiki/Pipe_(Unix)>", "."]],
  ["«https://a.example/путь»!", ["«", "<https://a.example/%D0%BF%D1%83%D1%82%D1%8C>", "»!"]],
  ['<a href="https://a.example">x</a>', ['<a href="', "<https://a.example/>", '">x</a>']],
])("%j", (content, expected) => {
  expect(split(content)).toEqual(expected);
});

test.each(["javascript:alert(1)", "ftp://a.example/file", "data:text/html,<b>x</b>", "www.example.com", "mailto:a@example.com"])(
  "%s stays text",
  (content) => {
    expect(linkify(content)).toEqual([{ kind: "text", text: content }]);
  },
);

test("a scheme with nothing after it is not a link", () => {
  expect(linkify("http:// и всё")).toEqual([{ kind: "text", text: "http:// и всё" }]);
});

test("a message with ordinary links reads exactly as typed, text around them included", () => {
  const content = "a https://x.example/1. b\nhttps://y.example/2) c";
  expect(
    linkify(content)
      .map((part) => part.text)
      .join(""),
  ).toBe(content);
});
