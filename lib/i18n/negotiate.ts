import Negotiator from "negotiator";
import { LOCALES, LOCALE_COOKIE, resolveLocale, type Locale } from "./locale";

/** The best of our languages for an Accept-Language header (q-values and regional tags included), or null. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const [best] = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages([...LOCALES]);
  return (best as Locale | undefined) ?? null;
}

function cookieFrom(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(";")) {
    const [key, ...value] = part.split("=");
    if (key?.trim() === name) return value.join("=").trim();
  }
  return null;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

const headerOf = (headers: HeaderSource, name: string): string | null => {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
};

/** The locale of one request or socket handshake, given the signed-in user's saved choice when there is one. */
export function localeOfRequest(headers: HeaderSource, saved?: string | null): Locale {
  return resolveLocale({
    saved,
    cookie: cookieFrom(headerOf(headers, "cookie") ?? "", LOCALE_COOKIE),
    negotiated: negotiateLocale(headerOf(headers, "accept-language")),
  });
}
