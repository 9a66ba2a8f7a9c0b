/** The case-insensitive identity of a name, the same in every dialect (SQLite's lower() folds ASCII only). */
export function foldKey(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}
