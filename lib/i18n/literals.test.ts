import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Attributes a person reads or hears: their values must come from the catalogue. */
const READ_ATTRIBUTES = new Set(["aria-label", "aria-description", "aria-roledescription", "title", "placeholder", "alt", "label"]);

/** Words that are names, the same in every language. */
const NAMES = new Set(["Discock"]);

/**
 * Strings in Russian that are data, not sentences for a reader: each names why. The default room's
 * stored name is what existing databases hold (it is shown as common.default_room_name); the city
 * lookup's letters are its romanization table.
 */
const DATA = new Map([
  ["lib/chat/rooms.ts", new Set(["Общий чат"])],
  ["lib/geo/city-time.ts", new Set(["аеёиоуыэюяйъь", "е", "ё"])],
]);

const LETTER = /\p{L}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    // Test support: the store's shared contract and the harnesses speak in test data, not to readers.
    .filter((file) => !file.split(path.sep).some((part) => part === "testing" || part === "contract"));
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

function scan(file: string, text = readFileSync(path.join(ROOT, file), "utf8")): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string) =>
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim() });
  const allowed = (text: string) => NAMES.has(text.trim()) || DATA.get(file)?.has(text) === true;

  // Literals already reported as JSX, so the check for Russian anywhere does not report them twice.
  const reported = new Set<ts.Node>();
  const literalIn = (node: ts.Node | undefined) =>
    node && ts.isStringLiteral(node) ? node : node && ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression) ? node.expression : null;

  const visit = (node: ts.Node) => {
    // Text between JSX tags, and string literals placed directly in JSX: `<p>Привет</p>`, `<p>{"Hello"}</p>`.
    if (ts.isJsxText(node) && LETTER.test(node.text) && !allowed(node.text)) report(node, node.text);
    const inJsx = ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent) ? literalIn(node) : null;
    if (inJsx && LETTER.test(inJsx.text) && !allowed(inJsx.text)) {
      report(node, inJsx.text);
      reported.add(inJsx);
    }
    const attribute = ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source)) ? literalIn(node.initializer) : null;
    if (ts.isJsxAttribute(node) && attribute && LETTER.test(attribute.text) && !allowed(attribute.text)) {
      report(node, `${node.name.getText(source)}="${attribute.text}"`);
      reported.add(attribute);
    }
    // Anywhere else: a Russian sentence in code is a sentence outside the catalogue.
    const literal = ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    if (literal && CYRILLIC.test(node.text) && !reported.has(node) && !allowed(node.text)) report(node, node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe("user-facing text", () => {
  it("lives in the catalogue: no component renders a literal, no code holds a Russian sentence", () => {
    const files = ["app", "components", "lib"].flatMap(sourceFiles).concat(["proxy.ts", "server.ts"]);
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => scan(file)).map(({ file, line, text }) => `${file}:${line} ${text}`);
    expect(findings).toEqual([]);
  });

  it("never asks the page's catalogue for an error sentence: pages do not carry them (app/layout.tsx), lib/i18n renders them", () => {
    const asked = ["app", "components"]
      .flatMap(sourceFiles)
      .flatMap((file) => [...readFileSync(path.join(ROOT, file), "utf8").matchAll(/(?:useTranslations|getTranslations)\(\s*"errors|\bt\(\s*"errors\./g)].map(() => file));
    expect(asked).toEqual([]);
  });

  it("is found by this scan when it is there", () => {
    const probe = `const a = <p title="Заголовок" className="px-2">Привет{"world"}{" "}<img alt="logo" /> Discock</p>; const b = "ошибка"; const c = "ok";`;
    expect(scan("components/probe.tsx", probe).map((finding) => finding.text)).toEqual([
      'title="Заголовок"',
      "Привет",
      "world",
      'alt="logo"',
      "ошибка",
    ]);
  });
});
