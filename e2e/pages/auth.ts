import { expect, type Locator, type Page } from "@playwright/test";
import type { Locale } from "../../lib/i18n/locale";
import { generateTestUser, type TestUser } from "../fixtures";
import { say } from "../i18n";

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Required fields show an asterisk inside their label, so names are matched from the start: /^Пароль/ is not
// «Подтвердите пароль».
export const fieldLabel = (text: string) => new RegExp(`^${escapeRegExp(text)}\\*?$`);

/** The «Язык» / "Language" select on the login, register and settings pages. */
export class LanguageSwitch {
  readonly select: Locator;

  constructor(
    readonly page: Page,
    locale: Locale,
  ) {
    this.select = page.getByRole("combobox", { name: say(locale).common("language") });
  }

  /** Chooses a language and waits for the page to come back in it. */
  async choose(locale: Locale) {
    await this.select.selectOption(locale);
    await expect(this.page.locator("html")).toHaveAttribute("lang", locale);
  }
}

export class RegisterPage {
  readonly username: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly passwordConfirm: Locator;
  readonly city: Locator;
  readonly submit: Locator;
  readonly heading: Locator;
  readonly alert: Locator;
  readonly language: LanguageSwitch;

  constructor(
    readonly page: Page,
    readonly locale: Locale = "ru",
  ) {
    const { auth } = say(locale);
    this.username = page.getByLabel(fieldLabel(auth("fields.username")));
    this.email = page.getByLabel(fieldLabel(auth("fields.email")));
    this.password = page.getByLabel(fieldLabel(auth("fields.password")));
    this.passwordConfirm = page.getByLabel(fieldLabel(auth("fields.password_confirm")));
    this.city = page.getByLabel(fieldLabel(auth("fields.city")));
    this.submit = page.getByRole("button", { name: auth("register.submit") });
    this.heading = page.getByRole("heading", { level: 1, name: auth("register.heading") });
    // Next's route announcer is an empty alert outside <main>.
    this.alert = page.getByRole("main").getByRole("alert");
    this.language = new LanguageSwitch(page, locale);
  }

  async goto() {
    await this.page.goto("/register");
    await expect(this.submit).toBeVisible();
  }

  async fill(user: TestUser, { passwordConfirm = user.password }: { passwordConfirm?: string } = {}) {
    await this.username.fill(user.username);
    await this.email.fill(user.email);
    await this.password.fill(user.password);
    await this.passwordConfirm.fill(passwordConfirm);
    await this.city.fill(user.city);
  }

  /** Registers through the form and waits for the chat it leads to. */
  async register(user: TestUser) {
    await this.goto();
    await this.fill(user);
    await this.submit.click();
    await new ChatPage(this.page, this.locale).expectSignedIn(user);
  }
}

export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly rememberMe: Locator;
  readonly submit: Locator;
  readonly heading: Locator;
  readonly registerLink: Locator;
  readonly alert: Locator;
  /** What a tab whose session ended elsewhere is told on arrival. */
  readonly sessionEnded: Locator;
  readonly language: LanguageSwitch;

  constructor(
    readonly page: Page,
    readonly locale: Locale = "ru",
  ) {
    const { auth, errors } = say(locale);
    this.username = page.getByLabel(fieldLabel(auth("fields.username")));
    this.password = page.getByLabel(fieldLabel(auth("fields.password")));
    this.rememberMe = page.getByLabel(auth("login.remember_me"));
    this.submit = page.getByRole("button", { name: auth("login.submit") });
    this.heading = page.getByRole("heading", { level: 1, name: auth("login.heading") });
    this.registerLink = page.getByRole("link", { name: auth("login.to_register") });
    this.alert = page.getByRole("main").getByRole("alert");
    this.sessionEnded = page.getByRole("main").getByRole("status").filter({ hasText: errors("session_ended") });
    this.language = new LanguageSwitch(page, locale);
  }

  async goto() {
    await this.page.goto("/login");
    await this.expectShown();
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/login$/);
    await expect(this.submit).toBeVisible();
  }

  /** An open tab whose session ended elsewhere came here by itself, and says why. */
  async expectSessionEnded() {
    await expect(this.page).toHaveURL(/\/login\?ended=1$/, { timeout: 5_000 });
    await expect(this.sessionEnded).toBeVisible();
  }

  /** Fills and submits the form; the caller asserts where it leads. */
  async submitCredentials(username: string, password: string, { remember = false } = {}) {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.rememberMe.setChecked(remember);
    await this.submit.click();
  }

  async login(user: TestUser, options: { remember?: boolean } = {}) {
    await this.goto();
    await this.submitCredentials(user.username, user.password, options);
    await new ChatPage(this.page, this.locale).expectSignedIn(user);
  }
}

export class ChatPage {
  readonly profile: Locator;
  readonly logoutLink: Locator;
  /** Opens the profile menu, where «Настройки» and «Выйти на всех устройствах» are. */
  readonly profileMenu: Locator;
  readonly logoutEverywhere: Locator;
  readonly settingsLink: Locator;

  constructor(
    readonly page: Page,
    readonly locale: Locale = "ru",
  ) {
    const { auth } = say(locale);
    this.profile = page.getByRole("complementary", { name: auth("account.profile") });
    this.logoutLink = this.profile.getByRole("link", { name: auth("account.logout"), exact: true });
    this.profileMenu = this.profile.getByRole("button", { name: auth("account.menu") });
    this.logoutEverywhere = this.profile.getByRole("button", { name: auth("account.logout_everywhere") });
    this.settingsLink = this.profile.getByRole("link", { name: auth("account.settings") });
  }

  async signOutEverywhere() {
    await this.profileMenu.click();
    await this.logoutEverywhere.click();
  }

  async goto() {
    await this.page.goto("/chat");
  }

  /** The profile card's place line: the user's city, or «Не указан» / "Not specified" when they gave none. */
  placeOf(user: TestUser): Locator {
    return this.profile.getByText(`📍 ${user.city || say(this.locale).common("city_unspecified")}`, { exact: true });
  }

  async expectSignedIn(user: TestUser) {
    await expect(this.page).toHaveURL(/\/chat(\?.*)?$/);
    await expect(this.profile.getByText(user.username, { exact: true })).toBeVisible();
    await expect(this.placeOf(user)).toBeVisible();
  }

  async logout() {
    await this.logoutLink.click();
    await new LoginPage(this.page, this.locale).expectShown();
  }
}

/** Where /logout leads when another site opened it. */
export class ConfirmLogoutPage {
  readonly heading: Locator;
  readonly confirm: Locator;
  readonly backToChat: Locator;

  constructor(
    readonly page: Page,
    locale: Locale = "ru",
  ) {
    const { auth } = say(locale);
    this.heading = page.getByRole("heading", { name: auth("logout.heading") });
    this.confirm = page.getByRole("button", { name: auth("logout.submit") });
    this.backToChat = page.getByRole("link", { name: auth("logout.back_to_chat") });
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/logout\/confirm$/);
    await expect(this.heading).toBeVisible();
  }
}

/** Registers a new user through the form in this page's context, which then holds their session. */
export async function signUp(page: Page, user: TestUser = generateTestUser(), locale: Locale = "ru"): Promise<TestUser> {
  await new RegisterPage(page, locale).register(user);
  return user;
}
