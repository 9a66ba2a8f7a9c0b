import { mkdir } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContextOptions, Locator, Page } from "@playwright/test";
import { expect, generateTestUser, test, type Session } from "./fixtures";
import { RegisterPage, signUp } from "./pages/auth";
import { ChatRoomPage, createRoomViaApi, postMessageViaApi, SocketLink, uniqueRoomName, type RoomDto } from "./pages/chat-room";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = "/tmp/shots-chat";
const CYRILLIC = /\p{Script=Cyrillic}/u;

interface Cast {
  /** Gave no city; reads the chat in a browser that sends Accept-Language: en-US. */
  english: ChatRoomPage;
  /** The same account in a browser that asks for no language: Russian, the default. */
  russian: ChatRoomPage;
  /** Someone else in the room, with a Latin city and Latin messages, so nothing Russian is theirs. */
  other: { page: Page; username: string; city: string };
  room: RoomDto;
}

/**
 * Registers through the form without a city (the check after sign-up in pages/auth.ts expects one), then opens the
 * same session in an English-speaking browser: the saved language is still unset, so the browser's header decides.
 */
async function cast(newSession: (options?: BrowserContextOptions) => Promise<Session>): Promise<Cast> {
  const russian = await newSession({ viewport: DESKTOP });
  const register = new RegisterPage(russian.page);
  await register.goto();
  await register.fill({ ...generateTestUser(), city: "" });
  await register.submit.click();
  await expect(russian.page).toHaveURL(/\/chat(\?.*)?$/);
  const english = await newSession({ viewport: DESKTOP, locale: "en-US", storageState: await russian.context.storageState() });

  const other = await newSession({ viewport: DESKTOP });
  const otherUser = await signUp(other.page, { ...generateTestUser(), city: "Kazan" });
  const room = await createRoomViaApi(english.page.request, uniqueRoomName("english"), "Where the English-speaking readers meet");
  await postMessageViaApi(other.page.request, room.id, "Hello! Anyone here reading in English?");
  return {
    english: new ChatRoomPage(english.page, "en"),
    russian: new ChatRoomPage(russian.page, "ru"),
    other: { page: other.page, username: otherUser.username, city: otherUser.city },
    room,
  };
}

async function screenshot(page: Page, name: string) {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), animations: "disabled" });
}

async function expectNoA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Every word of these parts of the page, seen or only heard (names, titles, placeholders). */
async function wordsOf(scopes: Locator[]): Promise<string[]> {
  const words: string[] = [];
  for (const scope of scopes) {
    words.push(
      ...(await scope.evaluateAll((elements) =>
        elements.flatMap((root) => [
          (root as HTMLElement).innerText,
          ...[root, ...root.querySelectorAll("*")].flatMap((el) =>
            ["aria-label", "title", "placeholder"].map((name) => el.getAttribute(name) ?? ""),
          ),
        ]),
      )),
    );
  }
  return words.filter((word) => word !== "");
}

test.describe("the chat in English", () => {
  // Three browsers, a registration and several scans: more than the default 30 s on a loaded machine.
  test.slow();

  test("a browser that asks for English gets the whole chat in English, the default room and an empty city included", async ({
    newSession,
  }) => {
    const { english: chat, russian, other, room } = await cast(newSession);
    const { page } = chat;

    await chat.goto();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await chat.expectRoom("General");
    await expect(chat.roomLink("General")).toHaveAttribute("aria-current", "page");
    await expect(page).toHaveTitle("#General · Discock");

    const link = await SocketLink.attach(page);
    await chat.goto(room.id);
    await new ChatRoomPage(other.page).goto(room.id);
    await chat.expectPresenceCount(2);
    await expect(chat.composer).toHaveAttribute("placeholder", "Write a message...");
    await expect(chat.log).toHaveAccessibleName(`Messages in #${room.name}`);

    await chat.send("My first message, sent in English");
    const mine = chat.message("My first message");
    await expect(mine).not.toHaveAttribute("aria-busy", "true");
    await expect(mine).toContainText("📍 Not specified");
    await expect(mine.locator("time")).toHaveText(/^Today at \d{1,2}:\d{2}\s[AP]M$/);
    await expect(chat.log.getByText("Today", { exact: true }).first()).toBeVisible();
    await expect(chat.presenceEntry(other.username)).toContainText(`📍 ${other.city}`);
    const me = chat.presence.getByRole("listitem").filter({ hasText: "(you)" });
    await expect(me).toContainText("📍 Not specified");

    // The same account in Russian sees the same message with the Russian words for the same things.
    await russian.goto(room.id);
    await expect(russian.message("My first message")).toContainText("📍 Не указан");
    await expect(russian.message("My first message").locator("time")).toHaveText(/^Сегодня в \d{2}:\d{2}$/);

    // Nothing Russian is left in the room's screen, its room list or its people, heard or seen.
    expect((await wordsOf([chat.main, chat.rooms, chat.presence])).filter((text) => CYRILLIC.test(text))).toEqual([]);

    // The server refuses a send in the reader's language too.
    link.alterSend = (payload) => ({ ...payload, content: "x".repeat(2001) });
    await chat.send("This one the server refuses");
    const refused = chat.message("This one the server refuses");
    await expect(refused).toContainText("Not sent: A message can be at most 2,000 characters long");
    await expect(refused.getByRole("button", { name: "Retry" })).toBeVisible();
    await expect(refused.getByRole("button", { name: "Delete" })).toBeVisible();
    link.alterSend = null;

    const create = chat.dialog("create");
    await chat.createRoomButton.click();
    await expect(create.dialog).toHaveAccessibleName("Create room");
    await create.submit.click();
    await expect(create.alert).toHaveText("Enter a room name");
    await expect(create.name).toHaveAttribute("aria-invalid", "true");
    await create.name.fill(room.name.toUpperCase());
    await create.submit.click();
    await expect(create.alert).toHaveText("A room with this name already exists");
    await create.cancel.click();
    await expect(create.dialog).toBeHidden();

    await chat.deleteRoomButton(room.name).click();
    const remove = chat.dialog("delete");
    await expect(remove.dialog).toContainText(`Delete #${room.name}? All its messages will be deleted, and the people in it will move to “General”.`);
    await screenshot(page, "en-desktop-delete-room");
    await remove.submit.click();
    await chat.expectRoom("General");
    await expect(chat.notice).toHaveText(`Room #${room.name} was deleted.`);
    await expect(russian.notice).toHaveText(`Комната #${room.name} удалена. Вы перешли в «Общий чат».`);
    await screenshot(russian.page, "ru-desktop-moved-notice");

    await page.goto("/chat?room=999999999");
    await expect(chat.roomHeading).toHaveText("Room not found");
    await expect(page).toHaveTitle("Room not found · Discock");
    await screenshot(page, "en-desktop-room-not-found");
    await chat.main.getByRole("link", { name: "Go to “General”" }).click();
    await chat.expectRoom("General");
  });

  test("passes an accessibility scan in English on desktop and phone; screenshots in both languages", async ({ newSession }) => {
    const { english, russian, room } = await cast(newSession);
    for (const chat of [english, russian]) {
      const { page, locale } = chat;
      await page.setViewportSize(DESKTOP);
      await chat.goto(room.id);
      await chat.send(locale === "en" ? "A message written in English, long enough to wrap on a phone screen" : "Сообщение по-русски");
      await expect(chat.messageRows().last()).not.toHaveAttribute("aria-busy", "true");
      await expect(chat.messageRows().last().locator("time")).not.toBeEmpty();
      if (locale === "en") await expectNoA11yViolations(page);
      await screenshot(page, `${locale}-desktop`);

      await chat.createRoomButton.click();
      const create = chat.dialog("create");
      await create.submit.click();
      await expect(create.alert).toBeVisible();
      if (locale === "en") await expectNoA11yViolations(page);
      await screenshot(page, `${locale}-desktop-create-room`);
      await page.keyboard.press("Escape");

      await page.setViewportSize(PHONE);
      await expect(chat.menuButton).toBeVisible();
      if (locale === "en") await expectNoA11yViolations(page);
      await screenshot(page, `${locale}-phone`);
      await chat.menuButton.click();
      await expect(chat.rooms).toBeVisible();
      if (locale === "en") await expectNoA11yViolations(page);
      await screenshot(page, `${locale}-phone-drawer`);
      await page.keyboard.press("Escape");
      await expect(chat.rooms).toBeHidden();
    }
  });
});
