import type { Locator, Page } from "@playwright/test";
import type { Locale } from "../../lib/i18n/locale";
import { say } from "../i18n";

export type RoomDialogKind = "create" | "edit" | "delete";

/** A modal dialog of the chat: creating a room, its settings, or deleting it. */
export class RoomDialog {
  readonly dialog: Locator;
  readonly name: Locator;
  readonly description: Locator;
  /** «Создать», «Сохранить» or «Удалить комнату»: what the dialog is for. */
  readonly submit: Locator;
  readonly cancel: Locator;
  readonly close: Locator;
  /** The form's or the action's error; a field's own error is also its description. */
  readonly alert: Locator;

  constructor(page: Page, kind: RoomDialogKind, locale: Locale = "ru") {
    const t = say(locale).chat;
    const [title, submit] = {
      create: [t("room_form.create_title"), t("room_form.create")],
      edit: [t("room_form.edit_title"), t("room_form.save")],
      delete: [t("delete_room.title"), t("delete_room.confirm")],
    }[kind];
    this.dialog = page.getByRole("dialog", { name: title });
    this.name = this.dialog.getByRole("textbox", { name: t("room_form.name") });
    this.description = this.dialog.getByRole("textbox", { name: t("room_form.description") });
    this.submit = this.dialog.getByRole("button", { name: submit, exact: true });
    this.cancel = this.dialog.getByRole("button", { name: t("dialog.cancel") });
    this.close = this.dialog.getByRole("button", { name: t("dialog.close") });
    this.alert = this.dialog.getByRole("alert");
  }
}
