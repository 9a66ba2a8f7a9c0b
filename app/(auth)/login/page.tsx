import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { LanguageSwitch } from "@/components/language-switch";
import { LoginForm } from "@/components/login-form";
import { SessionEndedNotice } from "@/components/session-ended-notice";
import { getCurrentUser } from "@/lib/auth/current-user";
import { chooseLocale } from "../../locale/actions";
import { login } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("login.title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getCurrentUser()) redirect("/chat");
  const { registered, ended } = await searchParams;
  const t = await getTranslations("auth");
  return (
    <AuthCard title={t("login.heading")} subtitle={t("login.subtitle")} footer={<LanguageSwitch chooseLocale={chooseLocale} />}>
      {registered ? (
        <p role="status" className="mb-4 rounded-[3px] border border-online/40 bg-online/10 px-3 py-2 text-sm text-ink-strong">
          {t("login.registered")}
        </p>
      ) : null}
      {ended ? <SessionEndedNotice /> : null}
      <LoginForm action={login} />
    </AuthCard>
  );
}
