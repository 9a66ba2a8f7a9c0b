import type { Locator, Page } from "@playwright/test";
import { expect, generateTestUser, test } from "./fixtures";
import { say } from "./i18n";
import { ChatPage, RegisterPage, signUp } from "./pages/auth";
import { ChatRoomPage, createRoomViaApi, uniqueRoomName } from "./pages/chat-room";

const DESKTOP = { width: 1280, height: 800 };

/** The canary: a payload that ran would set it to 1 (CSP would stop most of these, the DOM checks do not rely on it). */
interface XssWindow {
  __xss?: number;
}

const LONG_WORD = "щ".repeat(1990);

/** Sent through the composer; each one is also what must be seen, letter for letter, as text. */
const MESSAGE_PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "javascript:alert(1)",
  "[x](javascript:alert(1))",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "&lt;b&gt;entities&lt;/b&gt;",
  '"><iframe src=javascript:alert(1)>',
  "\u202Egnp.exe",
  '<a href="https://evil.example" onclick="alert(1)">x</a>',
  '<img src=x onerror="window.__xss=1">',
  "<script>window.__xss=1</script>",
  '<svg><animate onbegin="window.__xss=1" attributeName=x dur=1s>',
  '<iframe srcdoc="<script>parent.__xss=1</script>">',
  '<details open ontoggle="window.__xss=1">',
  LONG_WORD,
];

const HOSTILE_CITY = '<img src=x onerror="window.__xss=1">';

/** Fails the test on any dialog (alert, confirm, prompt) and arms the canary before the page's own scripts. */
async function guard(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    (window as XssWindow).__xss = 0;
  });
  return dialogs;
}

/** Nothing ran, nothing opened, and no markup from a payload made it into the given parts of the page. */
async function expectInert(page: Page, dialogs: string[], scopes: Locator[]) {
  expect(await page.evaluate(() => (window as XssWindow).__xss)).toBe(0);
  expect(dialogs).toEqual([]);
  for (const scope of scopes) {
    await expect(scope.locator("script, iframe, object, embed, img, svg[onload], details")).toHaveCount(0);
    await expect(scope.locator('a[href^="javascript:"], a[href^="data:"], a[onclick]')).toHaveCount(0);
  }
  // Next's own scripts live in <body> too, so tags are checked in the scopes; handler attributes anywhere.
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((attr) => attr.name.startsWith("on")).map((attr) => `${el.tagName} ${attr.name}`),
    ),
  );
  expect(handlers).toEqual([]);
}

/** Only http(s) text becomes a link; the anchor payload's own href is text, its URL a plain link. */
async function expectOnlyHttpLinks(log: Locator) {
  const hrefs = await log.locator("a").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs).toEqual(["https://evil.example/"]);
}

async function expectPayloadsAsText(log: Locator) {
  for (const payload of MESSAGE_PAYLOADS) {
    const shown = log.getByText(payload, { exact: true });
    await expect(shown).toHaveCount(1);
    await expect(shown).toBeVisible();
  }
}

async function expectNoSidewaysScroll(page: Page, log: Locator) {
  const widths = await log.evaluate((el) => ({
    log: [el.scrollWidth, el.clientWidth],
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  }));
  expect(widths.log[0]).toBeLessThanOrEqual(widths.log[1] ?? 0);
  expect(widths.page[0]).toBeLessThanOrEqual(widths.page[1] ?? 0);
}

test.describe("hostile input stays inert", () => {
  test("messages: text for the sender, for the other user live, and after a reload", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    const dialogsA = await guard(a.page);
    const dialogsB = await guard(b.page);
    // Registered through the form, so the city goes the same way a real one does.
    const alice = await signUp(a.page, { ...generateTestUser(), city: HOSTILE_CITY });
    await signUp(b.page);
    const room = await createRoomViaApi(a.page.request, uniqueRoomName("xss"));
    const chatA = new ChatRoomPage(a.page);
    const chatB = new ChatRoomPage(b.page);
    await chatA.goto(room.id);
    await chatB.goto(room.id);
    await expect(chatB.presenceEntry(alice.username)).toContainText(chatB.place(HOSTILE_CITY));

    for (const payload of MESSAGE_PAYLOADS) await chatA.send(payload);
    await expect(chatA.messageRows()).toHaveCount(MESSAGE_PAYLOADS.length);
    await expect(chatA.log.locator("[aria-busy='true']")).toHaveCount(0);

    for (const [page, chat, dialogs] of [
      [a.page, chatA, dialogsA],
      [b.page, chatB, dialogsB],
    ] as const) {
      await expect(chat.messageRows()).toHaveCount(MESSAGE_PAYLOADS.length);
      await expectPayloadsAsText(chat.log);
      await expect(chat.messageRows().first()).toContainText(chat.place(HOSTILE_CITY));
      await expectOnlyHttpLinks(chat.log);
      await expectInert(page, dialogs, [chat.log, chat.presence]);
      await expectNoSidewaysScroll(page, chat.log);

      await page.reload();
      await expect(chat.messageRows()).toHaveCount(MESSAGE_PAYLOADS.length);
      await expectPayloadsAsText(chat.log);
      await expectOnlyHttpLinks(chat.log);
      await expectInert(page, dialogs, [chat.log, chat.presence]);
      await expectNoSidewaysScroll(page, chat.log);
    }
  });

  test("a message over 2000 characters is not sent, by the composer or by the API", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("длинное"));
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id);

    const tooLong = "ы".repeat(3000);
    await chat.send(tooLong);
    await expect(chat.composer).toHaveValue(tooLong);
    await expect(chat.composer).toHaveAttribute("aria-invalid", "true");
    await expect(chat.sendButton).toBeDisabled();
    await expect(page.getByText(chat.say.chat("composer.counter", { length: 3000, max: 2000 }))).toBeVisible();
    await expect(chat.messageRows()).toHaveCount(0);

    const response = await page.request.post(`/api/messages/${room.id}`, { data: { content: tooLong } });
    expect(response.status()).toBe(400);
    await expect((await page.request.get(`/api/messages/${room.id}`)).json()).resolves.toEqual([]);
  });

  test("room names and descriptions: text in the dialog's result, live for others, and after a reload", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    const dialogsA = await guard(a.page);
    const dialogsB = await guard(b.page);
    await signUp(a.page);
    await signUp(b.page);
    const chatA = new ChatRoomPage(a.page);
    const chatB = new ChatRoomPage(b.page);
    await chatA.goto();
    await chatB.goto();

    const name = `<img src=x onerror="window.__xss=1">${uniqueRoomName("")}`;
    const description = '<script>window.__xss=1</script> [x](javascript:alert(1)) <svg onload=alert(1)> "><iframe src=javascript:alert(1)>';
    await chatA.createRoomButton.click();
    const dialog = chatA.dialog("create");
    await dialog.name.fill(name);
    await dialog.description.fill(description);
    await dialog.submit.click();
    await expect(dialog.dialog).toBeHidden();
    await chatA.expectRoom(name);

    await chatB.roomLink(name).click();
    for (const [page, chat, dialogs] of [
      [a.page, chatA, dialogsA],
      [b.page, chatB, dialogsB],
    ] as const) {
      for (const fresh of [false, true]) {
        if (fresh) await page.reload();
        await chat.expectRoom(name);
        await expect(chat.main.getByText(description, { exact: true })).toBeVisible();
        await expect(chat.roomLink(name)).toBeVisible();
        await expect(chat.log.getByText(chat.say.chat("log.welcome", { room: name }), { exact: true })).toBeVisible();
        await expectInert(page, dialogs, [chat.main, chat.rooms]);
      }
    }
  });

  test("registration: a hostile city is shown as text, a hostile username is refused", async ({ page }) => {
    const dialogs = await guard(page);
    const register = new RegisterPage(page);
    await register.goto();
    await register.fill({ ...generateTestUser(), username: "<script>alert(1)</script>" });
    await register.submit.click();
    await expect(page.getByText(say("ru").errors("username_characters"))).toBeVisible();
    await expect(register.username).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/register$/);

    const user = await signUp(page, { ...generateTestUser(), city: '"><svg onload=alert(1)><img src=x onerror="window.__xss=1">' });
    const { profile } = new ChatPage(page);
    await expect(profile.getByText(`📍 ${user.city}`, { exact: true })).toBeVisible();
    await expectInert(page, dialogs, [profile]);
    await page.reload();
    await expect(profile.getByText(`📍 ${user.city}`, { exact: true })).toBeVisible();
    await expectInert(page, dialogs, [profile]);
  });

  test("the chat page is served with a Content-Security-Policy that allows no inline script", async ({ page }) => {
    await signUp(page);
    const response = await page.goto("/chat");
    const policy = response?.headers()["content-security-policy"] ?? "";
    const directives = new Map(
      policy
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([key = "", ...values]) => [key, values]),
    );
    const scriptSrc = directives.get("script-src") ?? [];
    expect(scriptSrc).toEqual(expect.arrayContaining([expect.stringMatching(/^'nonce-.+'$/)]));
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  });
});
