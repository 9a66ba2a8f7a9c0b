import { mkdir } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Page, WebSocketRoute } from "@playwright/test";
import { LOCALE_COOKIE, type Locale } from "../lib/i18n/locale";
import { expect, generateTestUser, test } from "./fixtures";
import { say } from "./i18n";
import { ChatPage, LoginPage, RegisterPage, signUp } from "./pages/auth";
import { SettingsPage } from "./pages/settings";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = "/tmp/shots-auth";
/** What a browser set to each language sends as Accept-Language. */
const BROWSER_LOCALE: Record<Locale, string> = { ru: "ru-RU", en: "en-US" };

async function shot(page: Page, name: string) {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: true, animations: "disabled" });
}

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function expectPageLanguage(page: Page, locale: Locale) {
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
}

/**
 * Stands on the page's own Socket.IO connection and emits events on it as if the page had, keeping
 * their acks from the page: what the server answers this very socket, with no new handshake.
 */
class SocketTap {
  private server: WebSocketRoute | null = null;
  private connected = false;
  // Far above the page's own ack ids, which count from 0.
  private nextAckId = 900_000;
  private readonly waiting = new Map<string, (ack: Ack) => void>();

  static async attach(page: Page): Promise<SocketTap> {
    const tap = new SocketTap();
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      tap.server = server;
      // Only the server's side is handled here; the page's frames still go through untouched.
      server.onMessage((frame) => {
        if (typeof frame === "string" && frame.startsWith('42["connected"')) tap.connected = true;
        const ack = typeof frame === "string" ? /^43(\d+)(\[.*)$/s.exec(frame) : null;
        const answer = ack ? tap.waiting.get(ack[1] ?? "") : undefined;
        if (!ack || !answer) return void ws.send(frame);
        tap.waiting.delete(ack[1] ?? "");
        answer((JSON.parse(ack[2] ?? "[]") as Ack[])[0] ?? { ok: false });
      });
    });
    return tap;
  }

  async emit(event: string, payload: object): Promise<Ack> {
    await expect.poll(() => this.connected, { timeout: 10_000 }).toBe(true);
    const id = String(this.nextAckId++);
    const answered = new Promise<Ack>((resolve) => this.waiting.set(id, resolve));
    this.server?.send(`42${id}${JSON.stringify([event, payload])}`);
    return answered;
  }
}

test.describe("the interface language", () => {
  test("the login page follows the browser's language, and speaks Russian to one it does not know", async ({ newSession }) => {
    const english = await newSession({ locale: "en-US" });
    const login = new LoginPage(english.page, "en");
    await login.goto();
    await expectPageLanguage(english.page, "en");
    await expect(login.heading).toBeVisible();
    await expect(english.page).toHaveTitle(new RegExp(`^${say("en").auth("login.title")}`));

    const german = await newSession({ locale: "de-DE" });
    const fallback = new LoginPage(german.page, "ru");
    await fallback.goto();
    await expectPageLanguage(german.page, "ru");
    await expect(fallback.heading).toBeVisible();
  });

  test("switching on the login page keeps what was typed, turns login and register to English, and survives a reload", async ({
    page,
    context,
  }) => {
    const russian = new LoginPage(page);
    await russian.goto();
    await russian.username.fill("half-typed name");
    await russian.language.choose("en");

    const login = new LoginPage(page, "en");
    await expect(login.heading).toBeVisible();
    await expect(login.username).toHaveValue("half-typed name");
    await expect(page).toHaveTitle(new RegExp(`^${say("en").auth("login.title")}`));
    expect((await context.cookies()).find((cookie) => cookie.name === LOCALE_COOKIE)?.value).toBe("en");

    await page.reload();
    await expectPageLanguage(page, "en");
    await expect(login.heading).toBeVisible();

    await login.registerLink.click();
    const register = new RegisterPage(page, "en");
    await expect(register.heading).toBeVisible();
    await expect(register.submit).toBeVisible();

    await register.language.choose("ru");
    await expect(new RegisterPage(page, "ru").heading).toBeVisible();
  });

  test("a registration's field errors come in the language chosen on the page", async ({ newSession }) => {
    const owner = await newSession();
    const taken = await signUp(owner.page);

    const { page } = await newSession({ viewport: DESKTOP });
    await new RegisterPage(page).goto();
    await new RegisterPage(page).language.choose("en");
    const register = new RegisterPage(page, "en");
    await register.fill({ ...generateTestUser(), username: taken.username }, { passwordConfirm: "something-else" });
    await register.submit.click();

    const { errors } = say("en");
    await expect(register.username).toHaveAccessibleDescription(errors("username_taken"));
    await expect(register.passwordConfirm).toHaveAccessibleDescription(errors("passwords_differ"));
    await expect(page).toHaveURL(/\/register$/);
    await shot(page, "register-errors-en-desktop");
  });

  test("a signed-in user's switch in the settings turns the settings and the chat to English, and follows the account", async ({
    newSession,
  }) => {
    const here = await newSession({ viewport: DESKTOP });
    const user = await signUp(here.page);
    await new SettingsPage(here.page).goto();
    await new SettingsPage(here.page).language.choose("en");

    const settings = new SettingsPage(here.page, "en");
    await expect(settings.heading).toBeVisible();
    await expect(settings.devices.first()).toContainText(say("en").settings("devices.current"));
    await settings.backToChat.click();
    await new ChatPage(here.page, "en").expectSignedIn(user);
    await expectPageLanguage(here.page, "en");
    await shot(here.page, "chat-en-desktop");

    // Another browser, Russian and without the cookie: the account's choice comes with the sign-in.
    const elsewhere = await newSession({ locale: BROWSER_LOCALE.ru });
    const login = new LoginPage(elsewhere.page);
    await login.goto();
    await login.submitCredentials(user.username, user.password);
    await new ChatPage(elsewhere.page, "en").expectSignedIn(user);
    await expectPageLanguage(elsewhere.page, "en");
    await new SettingsPage(elsewhere.page, "en").goto();
  });

  test("the chat's open socket and its HTTP replies speak the language chosen in another tab", async ({ newSession }) => {
    const { context, page } = await newSession();
    const socket = await SocketTap.attach(page);
    await signUp(page);
    const rooms = (await (await page.request.get("/api/rooms")).json()) as { id: number; is_default: boolean }[];
    const room = rooms.find((r) => r.is_default)?.id ?? 0;
    const refusalOfEmptyMessage = async () => {
      const ack = await socket.emit("send_message", { room_id: room, content: " " });
      expect(ack.ok).toBe(false);
      return ack.error?.message;
    };
    expect(await refusalOfEmptyMessage()).toBe(say("ru").errors("message_empty"));

    const settings = new SettingsPage(await context.newPage());
    await settings.goto();
    await settings.language.choose("en");

    expect(await refusalOfEmptyMessage()).toBe(say("en").errors("message_empty"));
    const reply = await page.request.post(`/api/messages/${room}`, { data: { content: "" } });
    expect(reply.status()).toBe(400);
    expect(((await reply.json()) as { error: string }).error).toBe(say("en").errors("message_empty"));
  });

  for (const locale of ["ru", "en"] as const) {
    for (const [size, viewport] of Object.entries({ desktop: DESKTOP, phone: PHONE })) {
      test(`login, register and settings have no axe violations in ${locale} on a ${size}`, async ({ newSession }) => {
        const { page } = await newSession({ locale: BROWSER_LOCALE[locale], viewport });
        await new LoginPage(page, locale).goto();
        await expectNoAxeViolations(page);
        await shot(page, `login-${locale}-${size}`);
        await new RegisterPage(page, locale).goto();
        await expectNoAxeViolations(page);
        await shot(page, `register-${locale}-${size}`);

        // Signed up on a desktop, where the profile card it checks is on screen; a second browser signed in, so
        // the device list shows a device to end and the button for all the others.
        await page.setViewportSize(DESKTOP);
        const user = await signUp(page, { ...generateTestUser(), city: "" }, locale);
        const other = await newSession({ locale: BROWSER_LOCALE[locale] });
        await new LoginPage(other.page, locale).login(user);
        await page.setViewportSize(viewport);
        const settings = new SettingsPage(page, locale);
        await settings.goto();
        await expect(settings.devices).toHaveCount(2);
        await expectNoAxeViolations(page);
        await shot(page, `settings-${locale}-${size}`);
      });
    }
  }
});
