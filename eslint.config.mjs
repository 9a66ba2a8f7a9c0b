import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

const layerZones = [
  { target: "./lib", from: ["./app", "./components"], message: "lib/ is below app/ and components/." },
  {
    target: "./lib/db",
    from: ["./lib/chat", "./lib/auth", "./lib/realtime", "./lib/http.ts", "./lib/runtime.ts"],
    message: "The Store knows data, not the domain or the transports.",
  },
  {
    target: "./lib/chat",
    from: ["./lib/realtime", "./lib/http.ts", "./lib/auth/auth.ts", "./lib/auth/current-user.ts"],
    message: "The domain does not know the transports that call it.",
  },
  {
    target: "./components",
    from: ["./lib/db", "./lib/runtime.ts", "./lib/http.ts", "./lib/realtime/server.ts", "./lib/auth/auth.ts", "./app"],
    message: "Components render; data reaches them through props, actions and the socket.",
  },
];

export default tseslint.config(
  {
    ignores: [".next/**", "dist/**", "node_modules/**", "drizzle/**", "next-env.d.ts", "test-results/**", "playwright-report/**"],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "import/no-restricted-paths": ["error", { zones: layerZones }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts." },
      ],
    },
  },
  {
    files: [
      "lib/env.ts",
      "**/*.test.ts",
      "lib/db/store.contract.ts",
      "test/**",
      "e2e/**",
      "scripts/**",
      "*.config.ts",
      "*.config.mjs",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // better-sqlite3 is synchronous; its methods are async only to fit the one Store interface.
    files: ["lib/db/sqlite/*.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    files: ["**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
