import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { LanguageSwitch } from "@/components/language-switch";
import { RegisterForm } from "@/components/register-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { chooseLocale } from "../../locale/actions";
import { register } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("register.title") };
}

export default async function RegisterPage() {
  if (await getCurrentUser()) redirect("/chat");
  const t = await getTranslations("auth");
  return (
    <AuthCard title={t("register.heading")} subtitle={t("register.subtitle")} footer={<LanguageSwitch chooseLocale={chooseLocale} />}>
      <RegisterForm action={register} />
    </AuthCard>
  );
}
