import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { LoginForm } from "@/components/login-form";
import { SessionEndedNotice } from "@/components/session-ended-notice";
import { getCurrentUser } from "@/lib/auth/current-user";
import { login } from "../actions";

export const metadata: Metadata = { title: "Вход" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getCurrentUser()) redirect("/chat");
  const { registered, ended } = await searchParams;
  return (
    <AuthCard title="С возвращением!" subtitle="Мы так рады видеть вас снова!">
      {registered ? (
        <p role="status" className="mb-4 rounded-[3px] border border-online/40 bg-online/10 px-3 py-2 text-sm text-ink-strong">
          Учётная запись создана. Войдите с её именем и паролем.
        </p>
      ) : null}
      {ended ? <SessionEndedNotice /> : null}
      <LoginForm action={login} />
    </AuthCard>
  );
}
