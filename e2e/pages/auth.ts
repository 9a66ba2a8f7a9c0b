import { expect, type Locator, type Page } from "@playwright/test";
import { generateTestUser, type TestUser } from "../fixtures";

// Required fields show an asterisk inside their label, so names are matched from the start: /^Пароль/ is not
// «Подтвердите пароль».
const label = (text: string) => new RegExp(`^${text}\\*?$`);

export class RegisterPage {
  readonly username: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly passwordConfirm: Locator;
  readonly city: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel(label("Имя пользователя"));
    this.email = page.getByLabel(label("Email"));
    this.password = page.getByLabel(label("Пароль"));
    this.passwordConfirm = page.getByLabel(label("Подтвердите пароль"));
    this.city = page.getByLabel(label("Город"));
    this.submit = page.getByRole("button", { name: "Зарегистрироваться" });
    // Next's route announcer is an empty alert outside <main>.
    this.alert = page.getByRole("main").getByRole("alert");
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
    await new ChatPage(this.page).expectSignedIn(user);
  }
}

export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly rememberMe: Locator;
  readonly submit: Locator;
  readonly alert: Locator;
  /** What a tab whose session ended elsewhere is told on arrival. */
  readonly sessionEnded: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel(label("Имя пользователя"));
    this.password = page.getByLabel(label("Пароль"));
    this.rememberMe = page.getByLabel("Запомнить меня");
    this.submit = page.getByRole("button", { name: "Войти" });
    this.alert = page.getByRole("main").getByRole("alert");
    this.sessionEnded = page.getByRole("main").getByRole("status").filter({ hasText: "Сеанс завершён — войдите снова." });
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
    await new ChatPage(this.page).expectSignedIn(user);
  }
}

export class ChatPage {
  readonly profile: Locator;
  readonly logoutLink: Locator;
  /** Opens the profile menu, where «Настройки» and «Выйти на всех устройствах» are. */
  readonly profileMenu: Locator;
  readonly logoutEverywhere: Locator;
  readonly settingsLink: Locator;

  constructor(readonly page: Page) {
    this.profile = page.getByRole("complementary", { name: "Профиль" });
    this.logoutLink = this.profile.getByRole("link", { name: "Выйти", exact: true });
    this.profileMenu = this.profile.getByRole("button", { name: "Учётная запись" });
    this.logoutEverywhere = this.profile.getByRole("button", { name: "Выйти на всех устройствах" });
    this.settingsLink = this.profile.getByRole("link", { name: "Настройки" });
  }

  async signOutEverywhere() {
    await this.profileMenu.click();
    await this.logoutEverywhere.click();
  }

  async goto() {
    await this.page.goto("/chat");
  }

  async expectSignedIn(user: TestUser) {
    await expect(this.page).toHaveURL(/\/chat(\?.*)?$/);
    await expect(this.profile.getByText(user.username, { exact: true })).toBeVisible();
    await expect(this.profile.getByText(`📍 ${user.city}`, { exact: true })).toBeVisible();
  }

  async logout() {
    await this.logoutLink.click();
    await new LoginPage(this.page).expectShown();
  }
}

/** Where /logout leads when another site opened it. */
export class ConfirmLogoutPage {
  readonly heading: Locator;
  readonly confirm: Locator;
  readonly backToChat: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Выйти из Discock?" });
    this.confirm = page.getByRole("button", { name: "Выйти" });
    this.backToChat = page.getByRole("link", { name: "Вернуться в чат" });
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/logout\/confirm$/);
    await expect(this.heading).toBeVisible();
  }
}

/** Registers a new user through the form in this page's context, which then holds their session. */
export async function signUp(page: Page, user: TestUser = generateTestUser()): Promise<TestUser> {
  await new RegisterPage(page).register(user);
  return user;
}
