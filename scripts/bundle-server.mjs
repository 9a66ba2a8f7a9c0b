import { build } from "esbuild";

// Next compiles app/; server.ts and the admin CLI are plain Node and are bundled on their own,
// dependencies left in node_modules, so the production image runs them without TypeScript tooling.
await build({
  entryPoints: { server: "server.ts", admin: "cli/admin.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
