"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/auth/current-user";
import type { SettingsFormState } from "@/lib/auth/form-state";
import { changeCity, changeEmail, changePassword, endDevice, endOtherDevices } from "@/lib/auth/profile";
import { fieldMessages, isChatError, toWireError } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";


const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Every action authenticates itself: it is a public POST endpoint whatever page renders it. */
async function actorOf() {
  const { user, sessionId } = await requireSession();
  return { id: user.id, sessionId };
}

async function failure(err: unknown, values: Record<string, string> = {}): Promise<SettingsFormState> {
  const { message, fields } = toWireError(err, await getLocale());
  return { error: message, fields: fieldMessages(fields), values };
}

async function saved(what: "city_saved" | "email_saved" | "password_saved"): Promise<string> {
  return (await getTranslations("settings"))(what);
}

export async function saveCity(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await actorOf();
  try {
    const user = await changeCity(getRuntime(), actor, Object.fromEntries(form));
    return { saved: await saved("city_saved"), values: { city: user.city } };
  } catch (err) {
    return failure(err, { city: text(form, "city") });
  }
}

export async function saveEmail(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await actorOf();
  try {
    const user = await changeEmail(getRuntime(), actor, Object.fromEntries(form));
    return { saved: await saved("email_saved"), values: { email: user.email } };
  } catch (err) {
    return failure(err, { email: text(form, "email") });
  }
}

export async function savePassword(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await actorOf();
  try {
    await changePassword(getRuntime(), actor, Object.fromEntries(form));
  } catch (err) {
    return failure(err);
  }
  revalidatePath("/settings");
  return { saved: await saved("password_saved") };
}

/** «Завершить» beside one device; an id already ended is no reason to show an error: the list is simply redrawn. */
export async function endSessionForm(form: FormData): Promise<void> {
  const actor = await actorOf();
  try {
    await endDevice(getRuntime(), actor, text(form, "session_id"));
  } catch (err) {
    if (!isChatError(err) || err.code !== "not_found") throw err;
  }
  revalidatePath("/settings");
}

export async function endOtherSessionsForm(): Promise<void> {
  await endOtherDevices(getRuntime(), await actorOf());
  revalidatePath("/settings");
}
