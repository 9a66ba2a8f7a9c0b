import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "postgres", "@node-rs/argon2"],
};

export default nextConfig;
