import Database from "better-sqlite3";

/** Reads what the server stored, straight from its SQLite file (WAL lets a reader in beside it). */
export function queryDatabase<Row>(file: string, sql: string, ...params: unknown[]): Row[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as Row[];
  } finally {
    db.close();
  }
}

export function countUsers(file: string): number {
  const [row] = queryDatabase<{ count: number }>(file, "select count(*) as count from users");
  return row?.count ?? 0;
}
