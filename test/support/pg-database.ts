import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** A new, empty database on the TEST_DATABASE_URL server, dropped by `drop()`. */
export async function freshPgDatabase(prefix = "discock_it") {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: start PostgreSQL (see README, Tests)");
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
