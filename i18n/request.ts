import { getRequestConfig } from "next-intl/server";
import { headers } from "next/headers";
import { currentSession } from "@/lib/auth/current-user";
import { CATALOGUE } from "@/lib/i18n/catalogue";
import { localeOfRequest } from "@/lib/i18n/negotiate";

/**
 * Each page's language, read by next-intl once per request: the signed-in user's saved choice, else
 * the cookie, else Accept-Language, else Russian. There are no /ru or /en paths: one address per page,
 * whoever reads it.
 */
export default getRequestConfig(async () => {
  const session = await currentSession();
  const locale = localeOfRequest(await headers(), session?.user.locale);
  return { locale, messages: CATALOGUE[locale] };
});
