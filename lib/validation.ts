import type { z } from "zod";
import { ChatError } from "./errors";
import { isErrorKey, type ErrorKey } from "./i18n/catalogue";
import { isText } from "./text";

/** A schema's own messages are catalogue keys; zod's built-in ones (a missing field, a wrong type) are not. */
const keyOf = (issue: z.core.$ZodIssue): ErrorKey => (isErrorKey(issue.message) ? issue.message : "invalid_input");

/** The first problem per field, keyed by the input's name (or "form" for the whole input). */
export function fieldErrors(error: z.ZodError): Record<string, ErrorKey> {
  const fields: Record<string, ErrorKey> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    fields[key] ??= keyOf(issue);
  }
  return fields;
}

/**
 * The top-level field holding a string that is not text (a NUL, a lone surrogate, a noncharacter),
 * searched through every value and key of the input, however deep; null when there is none.
 */
export function fieldWithoutText(input: unknown, field = "form", depth = 0): string | null {
  if (typeof input === "string") return isText(input) ? null : field;
  // Deeper than any input of the app's schemas, which refuse such shapes anyway: not walked, so a
  // deeply nested payload cannot exhaust the stack.
  if (typeof input !== "object" || input === null || depth > 8) return null;
  for (const [key, value] of Object.entries(input)) {
    const name = depth === 0 ? key : field;
    if (!isText(key)) return name;
    const found = fieldWithoutText(value, name, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws invalid_input, naming the field, when a string anywhere in the input is not text. */
export function assertText(input: unknown): void {
  const notText = fieldWithoutText(input);
  if (notText) throw new ChatError("invalid_input", "not_text", { fields: { [notText]: "not_text" } });
}

/**
 * Parses what a client sent; on failure throws invalid_input naming each field's problem, changing nothing.
 * Every use case, form and socket event reaches its schema through here, so text that is not text is
 * refused here once for every field, before any schema or database sees it.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  assertText(input);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  const first = parsed.error.issues[0];
  if (first?.code === "unrecognized_keys") {
    throw new ChatError("invalid_input", "unknown_fields", { values: { fields: first.keys.join(", ") }, fields });
  }
  throw new ChatError("invalid_input", first ? keyOf(first) : "invalid_input", { fields });
}
