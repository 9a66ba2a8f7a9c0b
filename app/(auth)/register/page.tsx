import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { RegisterForm } from "@/components/register-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { register } from "../actions";

export const metadata: Metadata = { title: "Регистрация" };

export default async function RegisterPage() {
  if (await getCurrentUser()) redirect("/chat");
  return (
    <AuthCard title="Создать учётную запись" subtitle="Общайтесь с людьми из разных городов">
      <RegisterForm action={register} />
    </AuthCard>
  );
}
