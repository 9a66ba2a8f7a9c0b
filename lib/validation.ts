import type { z } from "zod";
import { ChatError } from "./errors";

/** The first message per field, keyed by the input's name (or "form" for the whole input). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses what a client sent; on failure throws invalid_input with a message for people, changing nothing. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  const first = parsed.error.issues[0];
  const message =
    first?.code === "unrecognized_keys"
      ? `Неизвестные поля: ${first.keys.join(", ")}`
      : (first?.message ?? "Неверные данные");
  throw new ChatError("invalid_input", message, { fields });
}
