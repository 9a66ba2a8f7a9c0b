import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { LoginForm } from "@/components/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { login } from "../actions";

export const metadata: Metadata = { title: "Вход" };

export default async function LoginPage() {
  if (await getCurrentUser()) redirect("/chat");
  return (
    <AuthCard title="С возвращением!" subtitle="Мы так рады видеть вас снова!">
      <LoginForm action={login} />
    </AuthCard>
  );
}
