import type { Root } from "hast";
import type { LanguageFn } from "highlight.js";
import { createLowlight } from "lowlight";

type Grammar = () => Promise<{ default: LanguageFn }>;

/**
 * The languages a fenced block may name, each its own chunk, fetched the first time a message uses it. Written out
 * (not a template import) so the bundle holds these few, not highlight.js's two hundred.
 */
const GRAMMARS: Record<string, Grammar> = {
  bash: () => import("highlight.js/lib/languages/bash"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  csharp: () => import("highlight.js/lib/languages/csharp"),
  css: () => import("highlight.js/lib/languages/css"),
  diff: () => import("highlight.js/lib/languages/diff"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
  go: () => import("highlight.js/lib/languages/go"),
  ini: () => import("highlight.js/lib/languages/ini"),
  java: () => import("highlight.js/lib/languages/java"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  kotlin: () => import("highlight.js/lib/languages/kotlin"),
  lua: () => import("highlight.js/lib/languages/lua"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  php: () => import("highlight.js/lib/languages/php"),
  python: () => import("highlight.js/lib/languages/python"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  rust: () => import("highlight.js/lib/languages/rust"),
  sql: () => import("highlight.js/lib/languages/sql"),
  swift: () => import("highlight.js/lib/languages/swift"),
  typescript: () => import("highlight.js/lib/languages/typescript"),
  xml: () => import("highlight.js/lib/languages/xml"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
};

/** Names people write after ``` for the languages above. */
const ALIASES: Record<string, string> = {
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  "c++": "cpp",
  cc: "cpp",
  hpp: "cpp",
  h: "c",
  cs: "csharp",
  "c#": "csharp",
  patch: "diff",
  docker: "dockerfile",
  golang: "go",
  toml: "ini",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  kt: "kotlin",
  md: "markdown",
  py: "python",
  rb: "ruby",
  rs: "rust",
  ts: "typescript",
  tsx: "typescript",
  html: "xml",
  svg: "xml",
  yml: "yaml",
};

// Grammars are code shipped with the app, the same for every page: loading one once serves every later message.
const lowlight = createLowlight();
const loading = new Map<string, Promise<void>>();

/** The grammar a fence's language names, or null for a name we do not highlight (the block stays plain). */
export function grammarName(language: string | null | undefined): string | null {
  if (!language) return null;
  const name = language.toLowerCase();
  const resolved = Object.hasOwn(ALIASES, name) ? (ALIASES[name] ?? name) : name;
  return Object.hasOwn(GRAMMARS, resolved) ? resolved : null;
}

/** The highlighted tree, or null until the grammar has loaded. */
export function highlightNow(grammar: string, code: string): Root | null {
  return lowlight.registered(grammar) ? lowlight.highlight(grammar, code) : null;
}

/** Fetches a grammar once; a failed fetch (offline, a new deploy) is tried again by the next block that asks. */
export function loadGrammar(grammar: string): Promise<void> {
  const load = GRAMMARS[grammar];
  if (!load) return Promise.reject(new Error(`no grammar ${grammar}`));
  let pending = loading.get(grammar);
  if (!pending) {
    pending = load().then((module) => lowlight.register(grammar, module.default));
    pending.catch(() => loading.delete(grammar));
    loading.set(grammar, pending);
  }
  return pending;
}

/** Colours for highlight.js's classes on the chat's dark code background (GitHub's dark palette). */
const TOKEN_COLOURS: Record<string, string> = {
  "hljs-keyword": "text-[#ff7b72]",
  "hljs-doctag": "text-[#ff7b72]",
  "hljs-template-tag": "text-[#ff7b72]",
  "hljs-type": "text-[#ff7b72]",
  "hljs-title": "text-[#d2a8ff]",
  "hljs-attr": "text-[#79c0ff]",
  "hljs-attribute": "text-[#79c0ff]",
  "hljs-literal": "text-[#79c0ff]",
  "hljs-meta": "text-[#79c0ff]",
  "hljs-number": "text-[#79c0ff]",
  "hljs-operator": "text-[#79c0ff]",
  "hljs-variable": "text-[#79c0ff]",
  "hljs-selector-attr": "text-[#79c0ff]",
  "hljs-selector-class": "text-[#79c0ff]",
  "hljs-selector-id": "text-[#79c0ff]",
  "hljs-regexp": "text-[#a5d6ff]",
  "hljs-string": "text-[#a5d6ff]",
  "hljs-built_in": "text-[#ffa657]",
  "hljs-symbol": "text-[#ffa657]",
  "hljs-comment": "text-[#9ea7b3] italic",
  "hljs-code": "text-[#9ea7b3]",
  "hljs-formula": "text-[#9ea7b3]",
  "hljs-name": "text-[#7ee787]",
  "hljs-quote": "text-[#7ee787]",
  "hljs-selector-tag": "text-[#7ee787]",
  "hljs-selector-pseudo": "text-[#7ee787]",
  "hljs-subst": "text-ink",
  "hljs-section": "font-bold text-[#79c0ff]",
  "hljs-bullet": "text-[#f2cc60]",
  "hljs-emphasis": "italic",
  "hljs-strong": "font-bold",
  "hljs-addition": "text-[#aff5b4]",
  "hljs-deletion": "text-[#ffa198]",
};

/** highlight.js's classes stay (they name the token), with the colour that draws them. */
export const tokenClass = (classes: readonly string[]) =>
  classes.flatMap((name) => [name, TOKEN_COLOURS[name] ?? ""]).filter(Boolean).join(" ");
