import { z } from "zod";
import { hasHiddenCharacters, normalizeName } from "../text";

export const DEFAULT_CITY = "Не указан";

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
    .min(USERNAME_MIN, `Имя пользователя — от ${USERNAME_MIN} до ${USERNAME_MAX} символов`)
    .max(USERNAME_MAX, `Имя пользователя — от ${USERNAME_MIN} до ${USERNAME_MAX} символов`)
    .regex(/^[\p{L}\p{N}_.-]+$/u, "Имя пользователя может содержать только буквы, цифры, точку, дефис и подчёркивание"),
);

export const passwordSchema = text(
  z
    .string()
    .min(PASSWORD_MIN, `Пароль — от ${PASSWORD_MIN} до ${PASSWORD_MAX} символов`)
    .max(PASSWORD_MAX, `Пароль — от ${PASSWORD_MIN} до ${PASSWORD_MAX} символов`),
);

export const emailSchema = text(
  z
    .string()
    .trim()
    .max(EMAIL_MAX, "Слишком длинный email")
    .pipe(z.email("Введите корректный email")),
);

/** Registration and the settings page alike: an empty city becomes the default. */
export const citySchema = text(
  z
    .string()
    .overwrite(normalizeName)
    .trim()
    .max(CITY_MAX, `Название города — не длиннее ${CITY_MAX} символов`)
    .refine((city) => !hasHiddenCharacters(city), "В названии города есть невидимые или управляющие символы"),
).transform((city) => city || DEFAULT_CITY);

const confirmation = z.preprocess((value) => (typeof value === "string" ? value : ""), z.string());
const PASSWORDS_DIFFER = "Пароли не совпадают";

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

const currentPassword = text(z.string().min(1, "Введите текущий пароль").max(PASSWORD_MAX, "Неверный текущий пароль"));

export const cityChangeSchema = z.object({ city: citySchema });

export const emailChangeSchema = z.object({ email: emailSchema, current_password: currentPassword });

export const passwordChangeSchema = z
  .object({ current_password: currentPassword, password: passwordSchema, password_confirm: confirmation })
  .refine((form) => form.password === form.password_confirm, { path: ["password_confirm"], message: PASSWORDS_DIFFER });
