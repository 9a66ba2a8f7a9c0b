import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo, WebSocketRoute } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ChatPage, signUp } from "./pages/auth";
import { ANY, anyIn, ChatRoomPage, createRoomViaApi, postMessageViaApi, uniqueRoomName } from "./pages/chat-room";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = "/tmp/ui-shots";

/** Attached to the report, and copied where a person reviewing the UI looks for them. */
async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, animations: "disabled" });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  await mkdir(SHOTS_DIR, { recursive: true });
  await copyFile(file, path.join(SHOTS_DIR, `${name}.png`));
}

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

test.describe("chat", () => {
  test("a message reaches the other user at once, with author and city, and survives a reload", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    const alice = await signUp(a.page);
    const bob = await signUp(b.page);
    const room = await createRoomViaApi(a.page.request, uniqueRoomName("встреча"));
    const chatA = new ChatRoomPage(a.page);
    const chatB = new ChatRoomPage(b.page);
    await chatA.goto(room.id);
    await chatB.goto(room.id);
    await expect(chatA.presenceEntry(bob.username)).toBeVisible();

    const text = `Привет из ${alice.city}!\nВторая строка <b>не жирная</b> https://example.com/путь?x=1. javascript:alert(1)`;
    await chatA.send(text);
    await expect(chatA.composer).toHaveValue("");

    const seen = chatB.message("Вторая строка");
    await expect(seen).toHaveCount(1);
    await expect(seen).toContainText(alice.username);
    await expect(seen).toContainText(chatB.place(alice.city));
    await expect(seen.locator("time")).toHaveText(anyIn(chatB.say.common("today_at", { time: ANY })));
    await expect(seen.locator("time")).toHaveText(/\d{2}:\d{2}$/);
    expect(await seen.getByText("Вторая строка").innerText()).toBe(
      `Привет из ${alice.city}!\nВторая строка <b>не жирная</b> https://example.com/путь?x=1. javascript:alert(1)`,
    );
    await expect(seen.locator("b")).toHaveCount(0);
    const link = seen.getByRole("link");
    await expect(link).toHaveCount(1);
    await expect(link).toHaveText("https://example.com/путь?x=1");
    await expect(link).toHaveAttribute("href", "https://example.com/%D0%BF%D1%83%D1%82%D1%8C?x=1");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");

    // The sender's pending copy becomes the acknowledged one: one row, no longer busy.
    const mine = chatA.message("Вторая строка");
    await expect(mine).not.toHaveAttribute("aria-busy", "true");
    await expect(mine).toHaveCount(1);

    await b.page.reload();
    await expect(chatB.message("Вторая строка")).toHaveCount(1);
    await expect(chatB.message("Вторая строка")).toContainText(alice.username);
  });

  test("history loads older pages while scrolling up, without jumping, down to the room's beginning", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("история"));
    for (let i = 1; i <= 75; i++) await postMessageViaApi(page.request, room.id, `история ${String(i).padStart(3, "0")}`);
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id);

    await expect(chat.messageRows()).toHaveCount(50);
    await expect(chat.message("история 075")).toBeInViewport();
    await expect(chat.message("история 025")).toHaveCount(0);
    await expect(chat.roomStart).toHaveCount(0);

    await chat.log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(chat.messageRows()).toHaveCount(75);
    // The rows that were on screen stay on screen while the older page is put above them.
    await expect(chat.message("история 026")).toBeInViewport();
    await expect(chat.message("история 001")).not.toBeInViewport();

    await chat.log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(chat.roomStart).toHaveText(chat.say.chat("log.room_start", { room: room.name }));
    await expect(chat.roomStart).toBeInViewport();
    await expect(chat.message("история 001")).toBeInViewport();

    // Reading old messages: a new one does not pull the reader down, a pill offers to.
    await postMessageViaApi(page.request, room.id, "история свежая");
    await expect(chat.newMessagesPill).toBeVisible();
    await expect(chat.message("история 001")).toBeInViewport();
    await chat.newMessagesPill.click();
    await expect(chat.message("история свежая")).toBeInViewport();
    await expect(chat.newMessagesPill).toBeHidden();

    // At the bottom, the list follows new messages by itself.
    await postMessageViaApi(page.request, room.id, "история следующая");
    await expect(chat.message("история следующая")).toBeInViewport();
    await expect(chat.newMessagesPill).toBeHidden();
  });

  test("rooms: created live for everyone, edited and deleted by their creator only", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    await signUp(a.page);
    await signUp(b.page);
    const chatA = new ChatRoomPage(a.page);
    const chatB = new ChatRoomPage(b.page);
    await chatA.goto();
    await chatB.goto();
    await chatA.expectRoom(chatA.defaultRoom);
    const defaultRoomHref = await chatB.roomLink(chatB.defaultRoom).getAttribute("href");
    expect(defaultRoomHref).toMatch(/^\/chat\?room=\d+$/);
    await expect(chatA.deleteRoomButton(chatA.defaultRoom)).toHaveCount(0);

    const name = uniqueRoomName("кино");
    await chatA.createRoomButton.click();
    const createDialog = chatA.dialog("create");
    await expect(createDialog.dialog).toBeVisible();
    await createDialog.name.fill(name);
    await createDialog.description.fill("Обсуждаем фильмы");
    await createDialog.submit.click();
    await expect(createDialog.dialog).toBeHidden();
    await expect(a.page).toHaveURL(/\/chat\?room=\d+$/);
    await chatA.expectRoom(name);
    await expect(chatA.main.getByText("Обсуждаем фильмы")).toBeVisible();

    await expect(chatB.roomLink(name)).toBeVisible();
    await chatB.roomLink(name).click();
    await expect(b.page).toHaveURL(a.page.url());
    await chatB.expectRoom(name);
    await expect(chatB.roomLink(name)).toHaveAttribute("aria-current", "page");
    await expect(chatB.editRoomButton(name)).toHaveCount(0);
    await expect(chatB.deleteRoomButton(name)).toHaveCount(0);

    // A duplicate name is refused in the dialog; Escape closes it and focus goes back to «+».
    await chatA.createRoomButton.click();
    await createDialog.name.fill(name.toUpperCase());
    await createDialog.submit.click();
    await expect(createDialog.alert).toHaveText(chatA.say.errors("room_name_taken"));
    await expect(createDialog.name).toHaveAttribute("aria-invalid", "true");
    await a.page.keyboard.press("Escape");
    await expect(createDialog.dialog).toBeHidden();
    await expect(chatA.createRoomButton).toBeFocused();

    const renamed = `${name}-2`;
    await chatA.editRoomButton(name).click();
    const editDialog = chatA.dialog("edit");
    await expect(editDialog.name).toHaveValue(name);
    await editDialog.name.fill(renamed);
    await editDialog.submit.click();
    await expect(editDialog.dialog).toBeHidden();
    await chatB.expectRoom(renamed);
    await expect(chatB.roomLink(renamed)).toBeVisible();

    await chatA.deleteRoomButton(renamed).click();
    const deleteDialog = chatA.dialog("delete");
    await expect(deleteDialog.dialog).toContainText(renamed);
    await deleteDialog.submit.click();
    await expect(deleteDialog.dialog).toBeHidden();
    await chatA.expectRoom(chatA.defaultRoom);
    await expect(chatA.notice).toHaveText(chatA.say.chat("notice.room_deleted", { room: renamed }));

    await chatB.expectRoom(chatB.defaultRoom);
    await expect(chatB.notice).toHaveText(chatB.say.chat("notice.room_deleted_moved", { room: renamed, fallback: chatB.defaultRoom }));
    await expect(chatB.roomLink(renamed)).toHaveCount(0);
    await expect(b.page).toHaveURL(defaultRoomHref ?? "");
  });

  test("switching rooms changes the URL, and back, forward and reload follow it", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signUp(page);
    const first = await createRoomViaApi(page.request, uniqueRoomName("первая"), "первая комната");
    const second = await createRoomViaApi(page.request, uniqueRoomName("вторая"));
    await postMessageViaApi(page.request, first.id, "сообщение в первой");
    await postMessageViaApi(page.request, second.id, "сообщение во второй");
    const chat = new ChatRoomPage(page);

    await chat.goto(first.id);
    await expect(chat.message("сообщение в первой")).toBeVisible();
    await chat.roomLink(second.name).click();
    await expect(page).toHaveURL(`/chat?room=${second.id}`);
    await chat.expectRoom(second.name);
    await expect(chat.message("сообщение во второй")).toBeVisible();
    await expect(chat.message("сообщение в первой")).toHaveCount(0);

    await page.goBack();
    await expect(page).toHaveURL(`/chat?room=${first.id}`);
    await chat.expectRoom(first.name);
    await expect(chat.message("сообщение в первой")).toBeVisible();
    await page.goForward();
    await chat.expectRoom(second.name);
    await page.reload();
    await chat.expectRoom(second.name);
    await expect(chat.message("сообщение во второй")).toBeVisible();

    for (const bad of ["999999999", "abc"]) {
      await page.goto(`/chat?room=${bad}`);
      await chat.expectRoomNotFound();
    }
    await chat.goToDefaultRoomLink().click();
    await chat.expectRoom(chat.defaultRoom);
  });

  test("the list of people in a room shows who is here, with cities, and drops a user who leaves or closes the tab", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    const alice = await signUp(a.page);
    const bob = await signUp(b.page);
    const room = await createRoomViaApi(a.page.request, uniqueRoomName("люди"));
    const chatA = new ChatRoomPage(a.page);
    const chatB = new ChatRoomPage(b.page);
    await chatA.goto(room.id);
    await chatA.expectPresenceCount(1);
    await chatB.goto(room.id);

    await chatA.expectPresenceCount(2);
    await expect(chatA.presenceEntry(bob.username)).toContainText(chatA.place(bob.city));
    await expect(chatB.presenceEntry(alice.username)).toContainText(chatB.place(alice.city));

    await chatB.roomLink(chatB.defaultRoom).click();
    await expect(chatA.presenceEntry(bob.username)).toHaveCount(0);
    await chatB.roomLink(room.name).click();
    await expect(chatA.presenceEntry(bob.username)).toBeVisible();

    await b.page.close();
    await expect(chatA.presenceEntry(bob.username)).toHaveCount(0);
    await chatA.expectPresenceCount(1);
  });

  test("a send that gets no ack is resent by itself, and a lost connection is announced and caught up", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("связь"));
    let dropSends = false;
    let sentMessages = 0;
    // While offline, a new connection is held before its handshake, as a server that does not answer yet.
    let offline = false;
    let live = null as WebSocketRoute | null;
    const held: (() => void)[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      const toServer: (string | Buffer)[] = [];
      const toPage: (string | Buffer)[] = [];
      let open = !offline;
      if (!open) {
        held.push(() => {
          open = true;
          for (const frame of toPage.splice(0)) ws.send(frame);
          for (const frame of toServer.splice(0)) server.send(frame);
        });
      }
      live = ws;
      ws.onMessage((frame) => {
        if (!open) return void toServer.push(frame);
        if (String(frame).includes('"send_message"')) {
          sentMessages++;
          if (dropSends) return;
        }
        server.send(frame);
      });
      server.onMessage((frame) => (open ? ws.send(frame) : void toPage.push(frame)));
    });
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id);
    await chat.expectPresenceCount(1);

    dropSends = true;
    await chat.send("потерянное сообщение");
    const row = chat.message("потерянное сообщение");
    await expect(row).toHaveAttribute("aria-busy", "true");
    await expect.poll(() => sentMessages).toBe(1);
    dropSends = false;
    // The ack never comes; after its timeout the client sends again with the same client_id, by itself.
    await expect(row).not.toHaveAttribute("aria-busy", "true", { timeout: 20_000 });
    await expect(chat.retryButton(row)).toHaveCount(0);
    expect(sentMessages).toBe(2);
    await page.reload();
    await expect(chat.message("потерянное сообщение")).toHaveCount(1);
    // The list of people arrives with the join ack: the new page's socket is up.
    await chat.expectPresenceCount(1);

    offline = true;
    await live?.close();
    await expect(chat.connectionLost).toBeVisible();
    await postMessageViaApi(page.request, room.id, "пока вас не было");
    await expect(chat.message("пока вас не было")).toHaveCount(0);
    await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
    offline = false;
    for (const release of held.splice(0)) release();
    await expect(chat.connectionRestored).toBeVisible();
    await expect(chat.message("пока вас не было")).toHaveCount(1);
  });

  test("on a phone the sidebar is a drawer, nothing scrolls sideways, and sending works", async ({ page }, testInfo) => {
    await page.setViewportSize(DESKTOP);
    const me = await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("телефон"), "Комната для проверки на телефоне");
    await postMessageViaApi(page.request, room.id, `длинное${"слово".repeat(40)} https://example.com/${"очень-длинный-путь/".repeat(8)}`);
    await page.setViewportSize(PHONE);
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id, { joined: false });

    await expect(chat.rooms).toBeHidden();
    await chat.send("с телефона\nвторая строка");
    await expect(chat.message("с телефона")).not.toHaveAttribute("aria-busy", "true");
    await expect(chat.message("с телефона")).toBeInViewport();
    await expect(chat.composer).toBeInViewport();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "chat-phone");

    await chat.menuButton.click();
    await expect(chat.menuButton).toHaveAttribute("aria-expanded", "true");
    await expect(chat.roomLink(room.name)).toBeFocused();
    await expect(new ChatPage(page).profile.getByText(chat.place(me.city))).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshot(page, testInfo, "chat-phone-drawer");
    await page.keyboard.press("Escape");
    await expect(chat.rooms).toBeHidden();
    await expect(chat.menuButton).toBeFocused();

    // The people in the room are a drawer of their own, from the other side.
    await chat.membersButton.click();
    await expect(chat.presenceEntry(me.username)).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.keyboard.press("Escape");
    await expect(chat.presence).toBeHidden();
    await expect(chat.membersButton).toBeFocused();

    await chat.menuButton.click();
    await chat.roomLink(chat.defaultRoom).click();
    await expect(chat.rooms).toBeHidden();
    await chat.expectRoom(chat.defaultRoom);
  });

  test("the chat passes an accessibility scan on desktop and phone", async ({ page }, testInfo) => {
    await page.setViewportSize(DESKTOP);
    const me = await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("доступность"), "Проверяем доступность");
    await postMessageViaApi(page.request, room.id, "Первое сообщение со ссылкой https://example.com");
    await postMessageViaApi(page.request, room.id, "Второе сообщение\nв две строки");
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id);
    await chat.send("Третье, через сокет");
    await expect(chat.message("Третье, через сокет")).not.toHaveAttribute("aria-busy", "true");
    await expect(chat.presenceEntry(me.username)).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, testInfo, "chat-desktop");

    await chat.createRoomButton.click();
    await expect(chat.dialog("create").dialog).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, testInfo, "chat-desktop-create-room");
    await page.keyboard.press("Escape");

    await page.setViewportSize(PHONE);
    await expect(chat.menuButton).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await chat.menuButton.click();
    await expect(chat.rooms).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
});
