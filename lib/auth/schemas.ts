import { z } from "zod";
import type { ErrorKey } from "../i18n/catalogue";
import { LOCALES } from "../i18n/locale";
import { hasHiddenCharacters, normalizeName } from "../text";

// Messages are catalogue keys (messages/<locale>/errors.json): the sentence is rendered in the reader's language.

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 80;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const CITY_MAX = 100;
export const EMAIL_MAX = 254;

const text = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" ? value : ""), schema);

export const usernameSchema = text(
  z
    .string()
    .overwrite(normalizeName)
    .trim()
    .min(USERNAME_MIN, "username_length" satisfies ErrorKey)
    .max(USERNAME_MAX, "username_length" satisfies ErrorKey)
    .regex(/^[\p{L}\p{N}_.-]+$/u, "username_characters" satisfies ErrorKey),
);

export const passwordSchema = text(
  z
    .string()
    .min(PASSWORD_MIN, "password_length" satisfies ErrorKey)
    .max(PASSWORD_MAX, "password_length" satisfies ErrorKey),
);

export const emailSchema = text(
  z
    .string()
    .trim()
    .max(EMAIL_MAX, "email_too_long" satisfies ErrorKey)
    .pipe(z.email("email_invalid" satisfies ErrorKey)),
);

/** Registration and the settings page alike: an empty city stays empty and is shown as «Не указан» / "Not specified". */
export const citySchema = text(
  z
    .string()
    .overwrite(normalizeName)
    .trim()
    .max(CITY_MAX, "city_too_long" satisfies ErrorKey)
    .refine((city) => !hasHiddenCharacters(city), "city_hidden_characters" satisfies ErrorKey),
);

const confirmation = z.preprocess((value) => (typeof value === "string" ? value : ""), z.string());
const PASSWORDS_DIFFER: ErrorKey = "passwords_differ";

export const registerSchema = z
  .object({
    username: usernameSchema,
    email: emailSchema,
    password: passwordSchema,
    password_confirm: confirmation,
    city: citySchema,
  })
  .refine((form) => form.password === form.password_confirm, {
    path: ["password_confirm"],
    message: PASSWORDS_DIFFER,
  });

export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  username: text(z.string().trim().min(1).max(USERNAME_MAX)),
  password: text(z.string().min(1).max(PASSWORD_MAX)),
});

const currentPassword = text(
  z.string().min(1, "current_password_required" satisfies ErrorKey).max(PASSWORD_MAX, "current_password_wrong" satisfies ErrorKey),
);

export const cityChangeSchema = z.object({ city: citySchema });

export const emailChangeSchema = z.object({ email: emailSchema, current_password: currentPassword });

export const passwordChangeSchema = z
  .object({ current_password: currentPassword, password: passwordSchema, password_confirm: confirmation })
  .refine((form) => form.password === form.password_confirm, { path: ["password_confirm"], message: PASSWORDS_DIFFER });

export const localeChangeSchema = z.object({ locale: z.enum(LOCALES, { error: "locale_invalid" satisfies ErrorKey }) });
