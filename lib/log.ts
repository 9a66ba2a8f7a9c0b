type Level = "info" | "warn" | "error";
type Fields = Record<string, unknown>;

function describeError(err: unknown): Fields {
  if (!(err instanceof Error)) return { error: String(err) };
  const fields: Fields = { error: err.message, name: err.name };
  if (err.stack) fields.stack = err.stack;
  if (err.cause !== undefined) fields.cause = describeError(err.cause);
  return fields;
}

function write(level: Level, message: string, fields?: Fields) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === "info") process.stdout.write(line + "\n");
  else process.stderr.write(line + "\n");
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, err?: unknown, fields?: Fields) =>
    write("error", message, { ...fields, ...(err === undefined ? {} : describeError(err)) }),
};
