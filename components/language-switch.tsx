"use client";

import { Languages } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useOptimistic, useTransition } from "react";
import { isLocale, LOCALES } from "@/lib/i18n/locale";

/**
 * Chooses the interface language through `chooseLocale` (app/locale/actions.ts). The page is then
 * re-rendered in place rather than reloaded, so what is typed into a form beside it stays.
 * `labelledBy` names it by a heading that already says «Язык».
 */
export function LanguageSwitch({ chooseLocale, labelledBy }: { chooseLocale: (locale: string) => Promise<void>; labelledBy?: string }) {
  const t = useTranslations("common");
  const router = useRouter();
  const [shown, showChoice] = useOptimistic(useLocale());
  const [pending, startTransition] = useTransition();
  const selectId = useId();

  function choose(locale: string) {
    if (!isLocale(locale)) return;
    startTransition(async () => {
      // Until the page comes back in the new language, the select shows the choice instead of snapping back.
      showChoice(locale);
      await chooseLocale(locale);
      router.refresh();
    });
  }

  return (
    <div className="flex items-center gap-2">
      {labelledBy ? null : (
        <label htmlFor={selectId} className="flex items-center gap-1.5 text-sm text-muted">
          <Languages aria-hidden="true" className="size-4" />
          {t("language")}
        </label>
      )}
      <select
        id={selectId}
        aria-labelledby={labelledBy}
        aria-busy={pending}
        value={shown}
        onChange={(event) => choose(event.target.value)}
        className="h-10 min-w-40 rounded-[3px] bg-deep px-2 text-base text-ink-strong outline-none focus-visible:outline-2 focus-visible:outline-link"
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language_names.${locale}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
