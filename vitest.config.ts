import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// "fast" needs no build, server or database service and runs in seconds (`npm run test:fast`); "integration"
// starts real servers and PostgreSQL. `vitest run` runs both.
const FAST = ["lib/**/*.test.ts"];
const NEEDS_SERVICES = ["lib/db/pg/**"];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    passWithNoTests: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // A zone with daylight saving, so day labels are tested across a 23- and a 25-hour day.
        test: { name: "fast", include: FAST, exclude: [...configDefaults.exclude, ...NEEDS_SERVICES], env: { TZ: "Europe/Berlin" } },
      },
      { extends: true, test: { name: "integration", include: ["test/**/*.test.ts", ...NEEDS_SERVICES.map((dir) => `${dir}/*.test.ts`)] } },
    ],
  },
});
