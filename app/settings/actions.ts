"use server";

import { revalidatePath } from "next/cache";
import { requireSession } from "@/lib/auth/current-user";
import type { SettingsFormState } from "@/lib/auth/form-state";
import { changeCity, changeEmail, changePassword, endDevice, endOtherDevices } from "@/lib/auth/profile";
import { isChatError, toWireError } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";

const SAVED = {
  city: "Город сохранён",
  email: "Email сохранён",
  password: "Пароль изменён. На других устройствах нужно войти заново.",
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Every action authenticates itself: it is a public POST endpoint whatever page renders it. */
async function actorOf() {
  const { user, sessionId } = await requireSession();
  return { id: user.id, sessionId };
}

function failure(err: unknown, values: Record<string, string> = {}): SettingsFormState {
  const { message, fields } = toWireError(err);
  return { error: message, fields, values };
}

export async function saveCity(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await actorOf();
  try {
    const user = await changeCity(getRuntime(), actor, Object.fromEntries(form));
    return { saved: SAVED.city, values: { city: user.city } };
  } catch (err) {
    return failure(err, { city: text(form, "city") });
  }
}

export async function saveEmail(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const actor = await actorOf();
  try {
    const user = await changeEmail(getRuntime(), actor, Object.fromEntries(form));
    return { saved: SAVED.email, values: { email: user.email } };
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
  return { saved: SAVED.password };
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
