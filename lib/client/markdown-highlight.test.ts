import type { Root } from "hast";
import { expect, test } from "vitest";
import { grammarName, highlightNow, loadGrammar, tokenClass } from "./markdown-highlight";

type Node = Root | Root["children"][number];
const classesIn = (node: Node): string[] =>
  "children" in node ? node.children.flatMap((child) => [...(child.type === "element" ? (child.properties.className as string[]) : []), ...classesIn(child)]) : [];

test("a fence's language is found by its name or a common alias, case aside; anything else stays plain", () => {
  expect(grammarName("TS")).toBe("typescript");
  expect(grammarName("py")).toBe("python");
  expect(grammarName("c++")).toBe("cpp");
  expect(grammarName("brainfuck")).toBeNull();
  expect(grammarName("constructor")).toBeNull();
  expect(grammarName(null)).toBeNull();
});

test("a grammar loads on demand, once, and then highlights at once", async () => {
  expect(highlightNow("python", "def f(): pass")).toBeNull();
  await Promise.all([loadGrammar("python"), loadGrammar("python")]);
  const root = highlightNow("python", "def f(): pass");
  expect(root && classesIn(root)).toContain("hljs-keyword");
});

test("tokens keep highlight.js's class and get a colour", () => {
  expect(tokenClass(["hljs-keyword"])).toBe("hljs-keyword text-[#ff7b72]");
  expect(tokenClass(["hljs-title", "function_"])).toBe("hljs-title text-[#d2a8ff] function_");
});

test("an unknown grammar is refused, not fetched", async () => {
  await expect(loadGrammar("nope")).rejects.toThrow();
});
