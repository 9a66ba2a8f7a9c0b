import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { SubmitButton } from "@/components/submit-button";
import { requireUser } from "@/lib/auth/current-user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("logout.title") };
}

/** Where /logout leads when another site or an embedded resource opened it: the person decides. */
export default async function ConfirmLogoutPage() {
  const user = await requireUser();
  const t = await getTranslations("auth");
  return (
    <AuthCard title={t("logout.heading")} subtitle={t("logout.signed_in_as", { username: user.username })}>
      <form method="post" action="/logout">
        <SubmitButton>{t("logout.submit")}</SubmitButton>
      </form>
      <p className="mt-3 text-center text-sm text-muted">
        <Link href="/chat" className="text-link hover:underline">
          {t("logout.back_to_chat")}
        </Link>
      </p>
    </AuthCard>
  );
}
