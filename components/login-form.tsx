"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormAction } from "@/lib/auth/form-state";
import { useFieldErrors } from "@/lib/client/use-field-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { SubmitButton } from "./submit-button";

const filled = (values: Record<string, string>) => ({
  ...(values.username?.trim() ? {} : { username: "missing" }),
  ...(values.password ? {} : { password: "missing" }),
});

export function LoginForm({ action }: { action: AuthFormAction }) {
  const t = useTranslations("auth");
  const [state, formAction] = useActionState(action, {});
  const values = state.values ?? {};
  const { errors, onInput } = useFieldErrors(state.fields, filled);
  return (
    <form action={formAction} onInput={onInput} noValidate>
      <FormAlert message={state.fields ? undefined : state.error} />
      <FormField
        name="username"
        label={t("fields.username")}
        autoComplete="username"
        required
        defaultValue={values.username}
        error={errors.username}
        autoFocus
      />
      <FormField
        name="password"
        label={t("fields.password")}
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <label className="mb-4 flex cursor-pointer items-center gap-2 text-sm text-ink">
        <input
          type="checkbox"
          name="remember_me"
          defaultChecked={values.remember_me === "on"}
          className="size-4 accent-blurple"
        />
        {t("login.remember_me")}
      </label>
      <SubmitButton>{t("login.submit")}</SubmitButton>
      <p className="mt-3 text-sm text-muted">
        {t("login.no_account")}{" "}
        <Link href="/register" className="text-link underline decoration-link/50 underline-offset-2 hover:decoration-link">
          {t("login.to_register")}
        </Link>
      </p>
    </form>
  );
}
