import { expect, type Locator, type Page } from "@playwright/test";

export class SettingsPage {
  readonly heading: Locator;
  readonly backToChat: Locator;
  readonly cityForm: Locator;
  readonly city: Locator;
  readonly passwordForm: Locator;
  readonly devices: Locator;
  readonly endOthers: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Настройки" });
    this.backToChat = page.getByRole("link", { name: /Вернуться в чат/ });
    this.cityForm = page.getByRole("form", { name: "Город" });
    this.city = this.cityForm.getByLabel("Город");
    this.passwordForm = page.getByRole("form", { name: "Сменить пароль" });
    this.devices = page.getByRole("list", { name: "Устройства" }).getByRole("listitem");
    this.endOthers = page.getByRole("button", { name: "Выйти на всех других устройствах" });
  }

  async goto() {
    await this.page.goto("/settings");
    await expect(this.heading).toBeVisible();
  }

  async changeCity(city: string) {
    await this.city.fill(city);
    await this.cityForm.getByRole("button", { name: "Сохранить город" }).click();
    await expect(this.cityForm.getByRole("status")).toHaveText("Город сохранён");
  }

  async changePassword(current: string, next: string) {
    await this.passwordForm.getByLabel(/^Текущий пароль/).fill(current);
    await this.passwordForm.getByLabel(/^Новый пароль/).fill(next);
    await this.passwordForm.getByLabel(/^Повторите новый пароль/).fill(next);
    await this.passwordForm.getByRole("button", { name: "Сменить пароль" }).click();
  }
}
