import { createTranslator } from "use-intl/core";
import { CITY_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "../auth/schemas";
import { HISTORY_PAGE_MAX, MAX_REACTIONS, MESSAGE_MAX, REACTORS_PAGE_MAX, ROOM_DESCRIPTION_MAX, ROOM_NAME_MAX, ROOM_PAGE_MAX } from "../chat/schemas";
import { CATALOGUE, type ErrorKey } from "./catalogue";
import type { Locale } from "./locale";

export type MessageValues = Record<string, string | number>;

/**
 * The limits the schemas enforce, named in the sentences that explain them; every error is rendered
 * with them, so a schema's message is a bare key and its numbers cannot drift from the check.
 */
export const LIMIT_VALUES: MessageValues = {
  messageMax: MESSAGE_MAX,
  roomNameMax: ROOM_NAME_MAX,
  roomDescriptionMax: ROOM_DESCRIPTION_MAX,
  roomPageMax: ROOM_PAGE_MAX,
  historyPageMax: HISTORY_PAGE_MAX,
  reactorsPageMax: REACTORS_PAGE_MAX,
  maxReactions: MAX_REACTIONS,
  usernameMin: USERNAME_MIN,
  usernameMax: USERNAME_MAX,
  passwordMin: PASSWORD_MIN,
  passwordMax: PASSWORD_MAX,
  cityMax: CITY_MAX,
};

const errorTranslators = new Map<Locale, (key: ErrorKey, values: MessageValues) => string>();

/** An error's sentence in a language, for the server's replies (HTTP bodies, socket acks, form states). */
export function errorText(locale: Locale, key: ErrorKey, values?: MessageValues): string {
  let translate = errorTranslators.get(locale);
  if (!translate) {
    const t = createTranslator({ locale, messages: CATALOGUE[locale], namespace: "errors" });
    translate = (k, v) => t(k, v as never);
    errorTranslators.set(locale, translate);
  }
  return translate(key, { ...LIMIT_VALUES, ...values });
}
