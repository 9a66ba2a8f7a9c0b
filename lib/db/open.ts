import type { DatabaseConfig } from "../env";
import { openPgStore } from "./pg/store";
import { openSqliteStore } from "./sqlite/store";
import type { Store } from "./types";

/** Opens the configured database and brings its schema up to date. */
export async function openStore(database: DatabaseConfig): Promise<Store> {
  return database.dialect === "sqlite" ? openSqliteStore(database.file) : openPgStore(database.url);
}
