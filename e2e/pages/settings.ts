import { expect, type Locator, type Page } from "@playwright/test";
import type { BrowserId } from "../../lib/auth/user-agent";
import type { Locale } from "../../lib/i18n/locale";
import { say } from "../i18n";
import { escapeRegExp, fieldLabel, LanguageSwitch } from "./auth";

export class SettingsPage {
  readonly heading: Locator;
  readonly backToChat: Locator;
  readonly cityForm: Locator;
  readonly city: Locator;
  readonly passwordForm: Locator;
  readonly devices: Locator;
  readonly endOthers: Locator;
  readonly language: LanguageSwitch;
  private readonly t: ReturnType<typeof say>;

  constructor(
    readonly page: Page,
    readonly locale: Locale = "ru",
  ) {
    const t = say(locale);
    this.t = t;
    this.heading = page.getByRole("heading", { level: 1, name: t.settings("title") });
    this.backToChat = page.getByRole("link", { name: t.settings("back_to_chat") });
    this.cityForm = page.getByRole("form", { name: t.settings("city.label") });
    this.city = this.cityForm.getByLabel(fieldLabel(t.settings("city.label")));
    this.passwordForm = page.getByRole("form", { name: t.settings("password.save") });
    this.devices = page.getByRole("list", { name: t.settings("devices.title") }).getByRole("listitem");
    this.endOthers = page.getByRole("button", { name: t.settings("devices.end_others") });
    this.language = new LanguageSwitch(page, locale);
  }

  async goto() {
    await this.page.goto("/settings");
    await expect(this.heading).toBeVisible();
  }

  /** How the list names a device of this browser, on whatever system the tests run. */
  deviceName(browser: BrowserId): RegExp {
    const SYSTEM = "\u0000";
    const name = this.t.settings("devices.kind", { browser: this.t.settings(`browsers.${browser}`), system: SYSTEM });
    return new RegExp(`^${escapeRegExp(name).replace(SYSTEM, "\\S+")}`);
  }

  /** The «Завершить» / "End session" button of one device in the list. */
  endButton(device: Locator): Locator {
    const prefix = this.t.settings("devices.end_label", { device: "" });
    return device.getByRole("button", { name: new RegExp(`^${escapeRegExp(prefix)}`) });
  }

  async changeCity(city: string) {
    await this.city.fill(city);
    await this.cityForm.getByRole("button", { name: this.t.settings("city.save") }).click();
    await expect(this.cityForm.getByRole("status")).toHaveText(this.t.settings("city_saved"));
  }

  async changePassword(current: string, next: string) {
    await this.passwordForm.getByLabel(fieldLabel(this.t.settings("password.current"))).fill(current);
    await this.passwordForm.getByLabel(fieldLabel(this.t.settings("password.new"))).fill(next);
    await this.passwordForm.getByLabel(fieldLabel(this.t.settings("password.confirm"))).fill(next);
    await this.passwordForm.getByRole("button", { name: this.t.settings("password.save") }).click();
  }
}
