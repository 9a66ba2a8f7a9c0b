import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { DeviceList } from "@/components/device-list";
import { CityForm, EmailForm, PasswordForm } from "@/components/settings-forms";
import { requireSession } from "@/lib/auth/current-user";
import { listDevices } from "@/lib/auth/profile";
import { getRuntime } from "@/lib/runtime";
import { endOtherSessionsForm, endSessionForm, saveCity, saveEmail, savePassword } from "./actions";

const TEXT = {
  title: "Настройки",
  back: "Вернуться в чат",
  profile: "Профиль",
  signedInAs: "Вы вошли как",
  password: "Пароль",
  passwordHint: "После смены пароля на всех других устройствах нужно будет войти заново.",
  devices: "Устройства",
  devicesHint: "Где сейчас открыт ваш аккаунт.",
};

export const metadata: Metadata = { title: TEXT.title };

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
  return (
    <main className="min-h-dvh bg-canvas text-ink">
      <div className="mx-auto flex max-w-2xl flex-col gap-6 px-4 py-6 sm:py-10">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold text-ink-strong">{TEXT.title}</h1>
          <Link href="/chat" className="rounded-[3px] px-2 py-1 text-link hover:underline focus-visible:outline-2 focus-visible:outline-link">
            ← {TEXT.back}
          </Link>
        </header>
        <Section id="settings-profile" title={TEXT.profile}>
          <p className="mb-4 text-sm text-muted">
            {TEXT.signedInAs} <span className="font-semibold text-ink-strong">{user.username}</span>
          </p>
          <div className="grid gap-6 sm:grid-cols-2">
            <CityForm action={saveCity} city={user.city} />
            <EmailForm action={saveEmail} email={user.email} />
          </div>
        </Section>
        <Section id="settings-password" title={TEXT.password} hint={TEXT.passwordHint}>
          <PasswordForm action={savePassword} />
        </Section>
        <Section id="settings-devices" title={TEXT.devices} hint={TEXT.devicesHint}>
          <DeviceList devices={devices} endSession={endSessionForm} endOthers={endOtherSessionsForm} />
        </Section>
      </div>
    </main>
  );
}
