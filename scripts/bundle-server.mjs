import { build } from "esbuild";

// Next compiles app/; server.ts is plain Node and is bundled on its own, dependencies left in node_modules.
await build({
  entryPoints: ["server.ts"],
  outfile: "dist/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
