import type { BrowserContext } from "@playwright/test";
import { expect, generateTestUser, test } from "./fixtures";
import { say } from "./i18n";
import { ChatPage, LoginPage, RegisterPage } from "./pages/auth";

const { errors } = say("ru");
const LOGIN_FAILED = errors("login_failed");
const DAY_SECONDS = 24 * 60 * 60;

async function sessionCookie(context: BrowserContext) {
  const cookies = await context.cookies();
  return cookies.find((cookie) => cookie.name === "authjs.session-token");
}

test.describe("accounts", () => {
  test("register, sign out, and sign back in with «Запомнить меня»", async ({ page, context, newUser }) => {
    const chat = new ChatPage(page);
    const login = new LoginPage(page);

    await new RegisterPage(page).register(newUser);

    await chat.logout();
    expect(await sessionCookie(context)).toBeUndefined();
    await chat.goto();
    await login.expectShown();

    await login.login(newUser, { remember: true });
    const cookie = await sessionCookie(context);
    expect(cookie).toBeDefined();
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + DAY_SECONDS);
  });

  test("without «Запомнить меня» the session ends with the browser", async ({ page, context, newUser }) => {
    await new RegisterPage(page).register(newUser);
    await new ChatPage(page).logout();

    await new LoginPage(page).login(newUser, { remember: false });
    const cookie = await sessionCookie(context);
    expect(cookie).toBeDefined();
    expect(cookie?.expires).toBe(-1);

    await page.reload();
    await new ChatPage(page).expectSignedIn(newUser);
  });

  test("the forms work with JavaScript disabled", async ({ newSession, newUser }) => {
    const { page } = await newSession({ javaScriptEnabled: false });
    const login = new LoginPage(page);

    await new RegisterPage(page).register(newUser);
    await new ChatPage(page).logout();

    await login.submitCredentials(newUser.username, `${newUser.password}-wrong`, { remember: true });
    await expect(login.alert).toHaveText(LOGIN_FAILED);
    await expect(page).toHaveURL(/\/login$/);
    await expect(login.username).toHaveValue(newUser.username);
    await expect(login.password).toHaveValue("");
    await expect(login.rememberMe).toBeChecked();

    await login.submitCredentials(newUser.username, newUser.password);
    await new ChatPage(page).expectSignedIn(newUser);
  });

  test("mismatched passwords keep what was typed and create no account", async ({ page, newUser }) => {
    const register = new RegisterPage(page);
    await register.goto();
    await register.fill(newUser, { passwordConfirm: `${newUser.password}-typo` });
    await register.submit.click();

    await expect(register.passwordConfirm).toHaveAccessibleDescription(errors("passwords_differ"));
    await expect(register.passwordConfirm).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/register$/);
    await expect(register.username).toHaveValue(newUser.username);
    await expect(register.email).toHaveValue(newUser.email);
    await expect(register.city).toHaveValue(newUser.city);
    await expect(register.password).toHaveValue("");
    await expect(register.passwordConfirm).toHaveValue("");

    const login = new LoginPage(page);
    await login.goto();
    await login.submitCredentials(newUser.username, newUser.password);
    await expect(login.alert).toHaveText(LOGIN_FAILED);
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a username taken in another letter case is refused", async ({ newSession, newUser }) => {
    const owner = await newSession();
    await new RegisterPage(owner.page).register(newUser);

    const { page } = await newSession();
    const register = new RegisterPage(page);
    const twin = { ...generateTestUser(), username: newUser.username.toUpperCase() };
    await register.goto();
    await register.fill(twin);
    await register.submit.click();

    await expect(register.username).toHaveAccessibleDescription(errors("username_taken"));
    await expect(register.username).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/register$/);
    await expect(register.username).toHaveValue(twin.username);
  });

  test("/ leads to /login when signed out and to /chat when signed in", async ({ page, newUser }) => {
    await page.goto("/");
    await new LoginPage(page).expectShown();

    await new RegisterPage(page).register(newUser);
    await page.goto("/");
    await new ChatPage(page).expectSignedIn(newUser);
  });
});
