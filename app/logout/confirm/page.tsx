import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { SubmitButton } from "@/components/submit-button";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Выход" };

/** Where /logout leads when another site or an embedded resource opened it: the person decides. */
export default async function ConfirmLogoutPage() {
  const user = await requireUser();
  return (
    <AuthCard title="Выйти из Discock?" subtitle={`Вы вошли как ${user.username}.`}>
      <form method="post" action="/logout">
        <SubmitButton>Выйти</SubmitButton>
      </form>
      <p className="mt-3 text-center text-sm text-muted">
        <Link href="/chat" className="text-link hover:underline">
          Вернуться в чат
        </Link>
      </p>
    </AuthCard>
  );
}
