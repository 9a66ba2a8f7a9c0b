import { createTranslator } from "use-intl/core";
import { CATALOGUE } from "../lib/i18n/catalogue";
import type { Locale } from "../lib/i18n/locale";

/**
 * The app's own sentences, so page objects find controls by the names a reader of `locale` sees:
 * `say("ru").chat("send")`. A renamed key fails the type check here rather than a selector at run time.
 */
export function say(locale: Locale = "ru") {
  const messages = CATALOGUE[locale];
  return {
    common: createTranslator({ locale, messages, namespace: "common" }),
    errors: createTranslator({ locale, messages, namespace: "errors" }),
    auth: createTranslator({ locale, messages, namespace: "auth" }),
    chat: createTranslator({ locale, messages, namespace: "chat" }),
    members: createTranslator({ locale, messages, namespace: "members" }),
    settings: createTranslator({ locale, messages, namespace: "settings" }),
  };
}
