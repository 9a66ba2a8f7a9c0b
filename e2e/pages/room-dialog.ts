import type { Locator, Page } from "@playwright/test";

/** A modal dialog of the chat: «Создать комнату», «Настройки комнаты» or «Удалить комнату». */
export class RoomDialog {
  readonly dialog: Locator;
  readonly name: Locator;
  readonly description: Locator;
  readonly cancel: Locator;
  readonly close: Locator;

  constructor(page: Page, title: "Создать комнату" | "Настройки комнаты" | "Удалить комнату") {
    this.dialog = page.getByRole("dialog", { name: title });
    this.name = this.dialog.getByRole("textbox", { name: "Название комнаты" });
    this.description = this.dialog.getByRole("textbox", { name: "Описание" });
    this.cancel = this.dialog.getByRole("button", { name: "Отмена" });
    this.close = this.dialog.getByRole("button", { name: "Закрыть" });
  }
}
