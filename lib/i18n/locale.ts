// The browser imports this file too: it holds nothing server-only.

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ru";
/** Where a visitor's choice lives until they sign in, and beside the saved one after. */
export const LOCALE_COOKIE = "discock_locale";
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/**
 * The language a page, an API reply or a socket speaks: the user's saved choice, else the cookie,
 * else the browser's Accept-Language, else Russian. An unknown value at any step is skipped, not trusted.
 */
export function resolveLocale(sources: { saved?: string | null; cookie?: string | null; negotiated?: Locale | null }): Locale {
  for (const candidate of [sources.saved, sources.cookie, sources.negotiated]) if (isLocale(candidate)) return candidate;
  return DEFAULT_LOCALE;
}

/** In the browser, the language the page was rendered in (the root layout's `<html lang>`). */
export const pageLocale = (): Locale => {
  const lang = typeof document === "undefined" ? null : document.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
};
