"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormAction } from "@/lib/auth/form-state";
import { CITY_MAX, PASSWORD_MAX, PASSWORD_MIN, registerSchema, USERNAME_MAX, USERNAME_MIN } from "@/lib/auth/schemas";
import { useFieldErrors } from "@/lib/client/use-field-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { SubmitButton } from "./submit-button";

/** The schema's verdict per field; the server's own checks (a taken name, a common password) it cannot repeat. */
function problems(values: Record<string, string>): Record<string, string> {
  const parsed = registerSchema.safeParse(values);
  return Object.fromEntries((parsed.error?.issues ?? []).map((issue) => [String(issue.path[0] ?? "form"), issue.message]));
}

export function RegisterForm({ action }: { action: AuthFormAction }) {
  const t = useTranslations("auth");
  const common = useTranslations("common");
  const [state, formAction] = useActionState(action, {});
  const values = state.values ?? {};
  const { errors: fields, onInput } = useFieldErrors(state.fields, problems);
  const formError = state.fields ? state.fields.form : state.error;
  return (
    <form action={formAction} onInput={onInput} noValidate>
      <FormAlert message={formError} />
      <FormField
        name="username"
        label={t("fields.username")}
        autoComplete="username"
        required
        minLength={USERNAME_MIN}
        maxLength={USERNAME_MAX}
        defaultValue={values.username}
        error={fields.username}
        autoFocus
      />
      <FormField
        name="email"
        label={t("fields.email")}
        type="email"
        autoComplete="email"
        required
        defaultValue={values.email}
        error={fields.email}
      />
      <FormField
        name="password"
        label={t("fields.password")}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        error={fields.password}
      />
      <FormField
        name="password_confirm"
        label={t("fields.password_confirm")}
        type="password"
        autoComplete="new-password"
        required
        error={fields.password_confirm}
      />
      <FormField
        name="city"
        label={t("fields.city")}
        autoComplete="address-level2"
        maxLength={CITY_MAX}
        placeholder={common("city_unspecified")}
        defaultValue={values.city}
        error={fields.city}
      />
      <SubmitButton>{t("register.submit")}</SubmitButton>
      <p className="mt-3 text-sm text-muted">
        {t("register.have_account")}{" "}
        <Link href="/login" className="text-link underline decoration-link/50 underline-offset-2 hover:decoration-link">
          {t("register.to_login")}
        </Link>
      </p>
    </form>
  );
}
