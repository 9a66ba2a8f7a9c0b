/**
 * Summarizes V8 .cpuprofile files (from `node --cpu-prof`): top functions by self time, and self
 * time per package. Usable alone: `node --import tsx bench/profile.ts <dir-or-file> [top]`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  if (!url) return "(native: syscalls, GC, program)";
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1]) return match[1];
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/dist/server.js")) return "dist/server.js (app)";
  if (url.includes("/.next/")) return ".next (app bundles)";
  return path.basename(url);
}

export function summarizeProfile(files: string[], top = 25): string[] {
  const selfByFrame = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  /** Inclusive (self + callees) time of the app's own functions in dist/server.js. */
  const inclusiveApp = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    profile.samples.forEach((id, i) => {
      const micros = profile.timeDeltas[i] ?? 0;
      const frame = byId.get(id)?.callFrame;
      if (!frame) return;
      const name = frame.functionName || "(anonymous)";
      const where = frame.url ? `${frame.url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "")}:${frame.lineNumber + 1}` : "";
      const key = `${name}  ${where}`;
      selfByFrame.set(key, (selfByFrame.get(key) ?? 0) + micros);
      const pkg = packageOf(frame.url);
      if (name !== "(idle)") selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + micros);
      total += micros;
      if (name === "(idle)") return;
      const counted = new Set<string>();
      // Bounded by the tree's depth; a malformed cycle stops at the node count.
      for (let current: number | undefined = id, hops = 0; current !== undefined && hops < profile.nodes.length; current = parentOf.get(current), hops++) {
        const callFrame = byId.get(current)?.callFrame;
        if (!callFrame?.url.includes("/dist/server.js")) continue;
        const key = `${callFrame.functionName || "(anonymous)"}  dist/server.js:${callFrame.lineNumber + 1}`;
        if (counted.has(key)) continue;
        counted.add(key);
        inclusiveApp.set(key, (inclusiveApp.get(key) ?? 0) + micros);
      }
    });
  }
  const idle = [...selfByFrame].filter(([key]) => key.startsWith("(idle)")).reduce((sum, [, v]) => sum + v, 0);
  const busy = Math.max(1, total - idle);
  const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (percentages are of busy time)`];
  lines.push("-- by function (self) --");
  for (const [key, micros] of [...selfByFrame].filter(([key]) => !key.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${pct(micros)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
  lines.push("-- app functions, inclusive (self + callees) --");
  for (const [key, micros] of [...inclusiveApp].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    lines.push(`${pct(micros)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
  lines.push("-- by package (self) --");
  for (const [pkg, micros] of [...selfByPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    lines.push(`${pct(micros)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${pkg}`);
  }
  return lines;
}

export function summarizeProfileDir(dirOrFile: string, top = 25): string[] {
  const files = statSync(dirOrFile).isDirectory()
    ? readdirSync(dirOrFile)
        .filter((name) => name.endsWith(".cpuprofile"))
        .map((name) => path.join(dirOrFile, name))
    : [dirOrFile];
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dirOrFile}`);
  return summarizeProfile(files, top);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [target, top] = process.argv.slice(2);
  if (!target) throw new Error("usage: node --import tsx bench/profile.ts <dir-or-file> [top]");
  for (const line of summarizeProfileDir(target, Number(top ?? 30))) process.stdout.write(line + "\n");
}
