import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { DeviceList } from "@/components/device-list";
import { LanguageSwitch } from "@/components/language-switch";
import { CityForm, EmailForm, PasswordForm } from "@/components/settings-forms";
import { requireSession } from "@/lib/auth/current-user";
import { listDevices } from "@/lib/auth/profile";
import { getRuntime } from "@/lib/runtime";
import { chooseLocale } from "../locale/actions";
import { endOtherSessionsForm, endSessionForm, saveCity, saveEmail, savePassword } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

function Section({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-md bg-panel p-4 sm:p-6">
      <h2 id={id} className="text-lg font-semibold text-ink-strong">
        {title}
      </h2>
      {hint ? <p className="mt-1 text-sm text-muted">{hint}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export default async function SettingsPage() {
  const { user, sessionId } = await requireSession();
  const devices = await listDevices(getRuntime().store, { id: user.id, sessionId });
  const t = await getTranslations("settings");
  const common = await getTranslations("common");
  return (
    <main className="min-h-dvh bg-canvas text-ink">
      <div className="mx-auto flex max-w-2xl flex-col gap-6 px-4 py-6 sm:py-10">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold text-ink-strong">{t("title")}</h1>
          <Link href="/chat" className="rounded-[3px] px-2 py-1 text-link hover:underline focus-visible:outline-2 focus-visible:outline-link">
            <span aria-hidden="true">← </span>
            {t("back_to_chat")}
          </Link>
        </header>
        <Section id="settings-profile" title={t("profile.title")}>
          <p className="mb-4 text-sm text-muted">{t("profile.signed_in_as", { username: user.username })}</p>
          <div className="grid gap-6 sm:grid-cols-2">
            <CityForm action={saveCity} city={user.city} />
            <EmailForm action={saveEmail} email={user.email} />
          </div>
        </Section>
        <Section id="settings-password" title={t("password.title")} hint={t("password.hint")}>
          <PasswordForm action={savePassword} />
        </Section>
        <Section id="settings-language" title={common("language")} hint={t("language.hint")}>
          <LanguageSwitch chooseLocale={chooseLocale} labelledBy="settings-language" />
        </Section>
        <Section id="settings-devices" title={t("devices.title")} hint={t("devices.hint")}>
          <DeviceList devices={devices} endSession={endSessionForm} endOthers={endOtherSessionsForm} />
        </Section>
      </div>
    </main>
  );
}
