"use client";

import { Languages } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId } from "react";
import { LOCALES, type Locale } from "@/lib/i18n/locale";

type ChooseLocale = (previous: Locale | null, form: FormData) => Promise<Locale | null>;

/**
 * Chooses the interface language through `chooseLocale` (app/locale/actions.ts): a form, so it works
 * without JavaScript (its button shows only then); with it, choosing submits at once and the page is
 * re-rendered in place rather than reloaded, so what is typed into a form beside it stays.
 * `labelledBy` names the select by a heading that already says «Язык».
 */
export function LanguageSwitch({ chooseLocale, labelledBy }: { chooseLocale: ChooseLocale; labelledBy?: string }) {
  const t = useTranslations("common");
  const router = useRouter();
  const [chosen, formAction, pending] = useActionState(chooseLocale, null);
  const selectId = useId();

  useEffect(() => {
    if (chosen) router.refresh();
  }, [chosen, router]);

  return (
    <form action={formAction} aria-label={t("language")} className="flex items-center gap-2">
      {labelledBy ? null : (
        <label htmlFor={selectId} className="flex items-center gap-1.5 text-sm text-muted">
          <Languages aria-hidden="true" className="size-4" />
          {t("language")}
        </label>
      )}
      <select
        id={selectId}
        name="locale"
        aria-labelledby={labelledBy}
        aria-busy={pending}
        defaultValue={useLocale()}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
        className="h-10 min-w-40 rounded-[3px] bg-deep px-2 text-base text-ink-strong outline-none focus-visible:outline-2 focus-visible:outline-link"
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language_names.${locale}`)}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="h-10 rounded-[3px] bg-blurple px-3 text-sm font-medium text-white">
          {t("language_apply")}
        </button>
      </noscript>
    </form>
  );
}
