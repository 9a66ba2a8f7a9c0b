import createNextIntlPlugin from "next-intl/plugin";
import { SECURITY_HEADERS } from "./lib/response-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests and bench too) before every build in CI;
  // checking again here would only make a work-in-progress test file block the app from building.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["better-sqlite3", "postgres", "@node-rs/argon2", "pino", "prom-client"],
  headers: () => Promise.resolve([{ source: "/:path*", headers: [...SECURITY_HEADERS] }]),
};

export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
