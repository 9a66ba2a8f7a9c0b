import enAuth from "../../messages/en/auth.json" with { type: "json" };
import enChat from "../../messages/en/chat.json" with { type: "json" };
import enCommon from "../../messages/en/common.json" with { type: "json" };
import enErrors from "../../messages/en/errors.json" with { type: "json" };
import enMembers from "../../messages/en/members.json" with { type: "json" };
import enSettings from "../../messages/en/settings.json" with { type: "json" };
import ruAuth from "../../messages/ru/auth.json" with { type: "json" };
import ruChat from "../../messages/ru/chat.json" with { type: "json" };
import ruCommon from "../../messages/ru/common.json" with { type: "json" };
import ruErrors from "../../messages/ru/errors.json" with { type: "json" };
import ruMembers from "../../messages/ru/members.json" with { type: "json" };
import ruSettings from "../../messages/ru/settings.json" with { type: "json" };
import type { Locale } from "./locale";

const ru = { common: ruCommon, errors: ruErrors, auth: ruAuth, chat: ruChat, members: ruMembers, settings: ruSettings };
export type Messages = typeof ru;

/** Every user-facing sentence, by language; one file per area under messages/<locale>/. */
export const CATALOGUE: Record<Locale, Messages> = {
  ru,
  // Typed as Russian's shape, so a key missing from English fails the type check as well as the catalogue test.
  en: { common: enCommon, errors: enErrors, auth: enAuth, chat: enChat, members: enMembers, settings: enSettings },
};

export type ErrorKey = keyof Messages["errors"];

export const isErrorKey = (value: unknown): value is ErrorKey => typeof value === "string" && Object.hasOwn(ru.errors, value);
