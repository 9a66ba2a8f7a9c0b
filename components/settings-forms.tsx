"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import type { SettingsFormAction, SettingsFormState } from "@/lib/auth/form-state";
import { CITY_MAX, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/schemas";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { SubmitButton } from "./submit-button";

/** The form-wide error, unless a field already carries it. */
function formError(state: SettingsFormState): string | undefined {
  return state.error && Object.keys(state.fields ?? {}).length === 0 ? state.error : undefined;
}

function Saved({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="status" className="mb-4 rounded-[3px] border border-online/40 bg-online/10 px-3 py-2 text-sm text-ink-strong">
      {message}
    </p>
  );
}

/** What a change to the account asks for first; one id per form, since two forms on the page ask. */
function CurrentPasswordField({ form, error }: { form: string; error: string | undefined }) {
  const t = useTranslations("settings");
  return (
    <FormField
      id={`${form}-current-password`}
      name="current_password"
      label={t("password.current")}
      type="password"
      autoComplete="current-password"
      required
      error={error}
    />
  );
}

/** One settings form: its action's state, the form-wide error or confirmation, its fields and its button. */
function SettingsForm(props: { action: SettingsFormAction; label: string; submit: string; children: (state: SettingsFormState) => ReactNode }) {
  const [state, formAction] = useActionState(props.action, {});
  return (
    <form action={formAction} noValidate aria-label={props.label}>
      <FormAlert message={formError(state)} />
      <Saved message={state.saved} />
      {props.children(state)}
      <SubmitButton>{props.submit}</SubmitButton>
    </form>
  );
}

export function CityForm({ action, city }: { action: SettingsFormAction; city: string }) {
  const t = useTranslations("settings");
  const common = useTranslations("common");
  return (
    <SettingsForm action={action} label={t("city.label")} submit={t("city.save")}>
      {(state) => (
        <FormField
          name="city"
          label={t("city.label")}
          autoComplete="address-level2"
          maxLength={CITY_MAX}
          placeholder={common("city_unspecified")}
          defaultValue={state.values?.city ?? city}
          error={state.fields?.city}
        />
      )}
    </SettingsForm>
  );
}

export function EmailForm({ action, email }: { action: SettingsFormAction; email: string }) {
  const t = useTranslations("settings");
  return (
    <SettingsForm action={action} label={t("email.label")} submit={t("email.save")}>
      {(state) => (
        <>
          <FormField
            name="email"
            label={t("email.label")}
            type="email"
            autoComplete="email"
            required
            maxLength={EMAIL_MAX}
            defaultValue={state.values?.email ?? email}
            error={state.fields?.email}
          />
          <CurrentPasswordField form="email" error={state.fields?.current_password} />
        </>
      )}
    </SettingsForm>
  );
}

export function PasswordForm({ action }: { action: SettingsFormAction }) {
  const t = useTranslations("settings");
  return (
    <SettingsForm action={action} label={t("password.save")} submit={t("password.save")}>
      {(state) => (
        <>
          <CurrentPasswordField form="password" error={state.fields?.current_password} />
          <FormField
            name="password"
            label={t("password.new")}
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            error={state.fields?.password}
          />
          <FormField
            name="password_confirm"
            label={t("password.confirm")}
            type="password"
            autoComplete="new-password"
            required
            error={state.fields?.password_confirm}
          />
        </>
      )}
    </SettingsForm>
  );
}
