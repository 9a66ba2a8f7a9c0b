import { mkdir } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContextOptions, Locator, Page } from "@playwright/test";
import type { Locale } from "../lib/i18n/locale";
import { expect, test, type Session, type TestUser } from "./fixtures";
import { signUp } from "./pages/auth";
import { smallTapTargets } from "./tap-targets";
import {
  ANY,
  anyIn,
  ChatRoomPage,
  createRoomViaApi,
  outboxInStorage,
  postMessageViaApi,
  SocketLink,
  uniqueRoomName,
  type RoomDto,
} from "./pages/chat-room";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = "/tmp/shots-msg";

type NewSession = (options?: BrowserContextOptions) => Promise<Session>;

interface Person {
  user: TestUser;
  session: Session;
  chat: ChatRoomPage;
}

interface Setup {
  locale?: Locale;
  phone?: boolean;
  /** The first person's socket runs through a SocketLink, to be cut and restored. */
  link?: boolean;
}

/** `animations: "allow"` keeps a highlight that is a fading animation, which "disabled" would finish at once. */
async function shot(page: Page, name: string, animations: "disabled" | "allow" = "disabled") {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, animations });
}

/**
 * Someone registered through the (Russian) form, then reading in a browser of the language and size asked for:
 * the saved language is unset, so the browser's Accept-Language decides.
 */
async function person(newSession: NewSession, { locale = "ru", phone = false }: Setup): Promise<{ user: TestUser; session: Session }> {
  const registering = await newSession({ viewport: DESKTOP });
  const user = await signUp(registering.page);
  if (locale === "ru" && !phone) return { user, session: registering };
  const session = await newSession({
    viewport: phone ? PHONE : DESKTOP,
    hasTouch: phone,
    locale: locale === "en" ? "en-US" : "ru-RU",
    storageState: await registering.context.storageState(),
  });
  return { user, session };
}

/** Two people in one fresh room, each in a browser of their own. */
async function twoInARoom(newSession: NewSession, setup: Setup = {}) {
  const locale = setup.locale ?? "ru";
  const first = await person(newSession, setup);
  const second = await person(newSession, setup);
  const room = await createRoomViaApi(first.session.page.request, uniqueRoomName("беседа"));
  const link = setup.link ? await SocketLink.attach(first.session.page) : null;
  const a: Person = { ...first, chat: new ChatRoomPage(first.session.page, locale) };
  const b: Person = { ...second, chat: new ChatRoomPage(second.session.page, locale) };
  // The list of people is in the drawer on a phone; there the page is ready once the composer is.
  await a.chat.goto(room.id, { joined: !setup.phone });
  await b.chat.goto(room.id, { joined: !setup.phone });
  return { a, b, room, link };
}

/** Sends a message and waits until the server has it (its row has its id), so it can be acted on. */
async function sendAndWait(chat: ChatRoomPage, text: string): Promise<{ row: Locator; id: number }> {
  await chat.send(text);
  const row = chat.message(text);
  await expect(row).not.toHaveAttribute("aria-busy", "true");
  await expect(row).toHaveAttribute("id", /^message-\d+$/);
  const id = Number((await row.getAttribute("id"))?.replace("message-", ""));
  return { row: chat.messageById(id), id };
}

interface StoredMessage {
  id: number;
  content: string;
  deleted: boolean;
  edited_at: string | null;
  reply_to: { id: number } | null;
}

async function stored(page: Page, room: RoomDto, id: number): Promise<StoredMessage | undefined> {
  const response = await page.request.get(`/api/messages/${room.id}?around=${id}&limit=2`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as StoredMessage[]).find((m) => m.id === id);
}

/**
 * A message's text as it reads. innerText puts two line breaks after every <p>, whatever its display; the last
 * paragraph runs inline, so the breaks before what follows it on the same line (the edit mark) are dropped.
 */
const textOf = async (row: Locator) => (await row.locator("[data-message-body]").innerText()).replace(/\n\n (?=\S+$)/, " ");

/** emoji-picker-react's grid is built of <ul role="grid"> and <li role="rowgroup">. */
const PICKER_GRID = "[data-epr-part='list']";

const described = (violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);

/**
 * The whole page, and the picker's grid on its own without aria-allowed-role: a list's elements given grid roles
 * is how the library builds its grid (axe calls that minor); every other rule still checks the grid.
 */
async function expectNoA11yViolations(page: Page) {
  const whole = await new AxeBuilder({ page }).exclude(PICKER_GRID).analyze();
  expect(described(whole.violations)).toEqual([]);
  if ((await page.locator(PICKER_GRID).count()) === 0) return;
  const grid = await new AxeBuilder({ page }).include(PICKER_GRID).disableRules(["aria-allowed-role"]).analyze();
  expect(described(grid.violations)).toEqual([]);
}

test.describe("message actions", () => {
  test("the toolbar shows on hover and on focus and works by mouse and keyboard; so does the context menu", async ({ newSession }) => {
    const { a, b, room } = await twoInARoom(newSession);
    const theirs = await postMessageViaApi(b.session.page.request, room.id, "вопрос от боба");
    const mine = await sendAndWait(a.chat, "ответ алисы");
    const theirsRow = a.chat.messageById(theirs.id);
    const page = a.session.page;

    // At rest no toolbar shows; hovering a row shows its own, with Edit and Delete on one's own messages only.
    await expect(a.chat.toolbar(theirsRow)).toBeHidden();
    await theirsRow.hover();
    await expect(a.chat.toolbar(theirsRow)).toBeVisible();
    await expect(a.chat.action(theirsRow, "edit")).toHaveCount(0);
    await mine.row.hover();
    await expect(a.chat.toolbar(theirsRow)).toBeHidden();
    await expect(a.chat.action(mine.row, "edit")).toBeVisible();
    await expect(a.chat.action(mine.row, "delete")).toBeVisible();
    await shot(page, "toolbar-desktop-ru");

    await theirsRow.hover();
    await a.chat.action(theirsRow, "reply").click();
    await expect(a.chat.replyBar(b.user.username)).toBeVisible();
    await expect(a.chat.composer).toBeFocused();
    await a.chat.composer.press("Escape");
    await expect(a.chat.replyBar(b.user.username)).toBeHidden();

    // From the log, ↑ and ↓ move between messages; the focused one shows its toolbar, which Tab reaches.
    await page.mouse.move(0, 0);
    await a.chat.log.focus();
    await page.keyboard.press("ArrowUp");
    await expect(mine.row).toBeFocused();
    await expect(a.chat.toolbar(mine.row)).toBeVisible();
    await page.keyboard.press("ArrowUp");
    await expect(theirsRow).toBeFocused();
    await expect(a.chat.toolbar(mine.row)).toBeHidden();
    await page.keyboard.press("Tab");
    await expect(a.chat.action(theirsRow, "react")).toBeFocused();
    await page.keyboard.press("ArrowRight");
    await expect(a.chat.action(theirsRow, "reply")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(a.chat.replyBar(b.user.username)).toBeVisible();
    await a.chat.cancelReplyButton.click();
    await expect(a.chat.replyBar(b.user.username)).toBeHidden();

    // The context menu: Shift+F10 or the context-menu key on a focused row; Escape closes it and gives focus back.
    await theirsRow.focus();
    await page.keyboard.press("Shift+F10");
    await expect(a.chat.menu).toBeVisible();
    await expect(a.chat.menuItem("react")).toBeFocused();
    await expect(a.chat.menuItem("edit")).toHaveCount(0);
    await page.keyboard.press("ArrowDown");
    await expect(a.chat.menuItem("reply")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(a.chat.menu).toBeHidden();
    await expect(theirsRow).toBeFocused();
    await page.keyboard.press("ContextMenu");
    await expect(a.chat.menu).toBeVisible();
    // Alice owns the room, so she may delete Bob's message too; the last item.
    await page.keyboard.press("End");
    await expect(a.chat.menuItem("delete")).toBeFocused();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowDown");
    await expect(a.chat.menuItem("reply")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(a.chat.menu).toBeHidden();
    await expect(a.chat.replyBar(b.user.username)).toBeVisible();
    await a.chat.composer.press("Escape");

    // And a right-click, where it opens at the pointer.
    await mine.row.click({ button: "right" });
    await expect(a.chat.menuItem("edit")).toBeVisible();
    await shot(page, "menu-desktop-ru");
    await a.chat.menuItem("edit").click();
    await expect(a.chat.editor).toBeFocused();
    await expect(a.chat.editor).toHaveValue("ответ алисы");
    await page.keyboard.press("Escape");
    await expect(a.chat.editor).toHaveCount(0);
    await expect(mine.row).toBeFocused();
  });

  test("↑ in an empty composer edits my last message: Escape cancels, Enter saves, and the other sees «(изменено)»", async ({ newSession }) => {
    const { a, b, room } = await twoInARoom(newSession);
    await sendAndWait(a.chat, "старое сообщение");
    const last = await sendAndWait(a.chat, "вторая версия");
    await postMessageViaApi(b.session.page.request, room.id, "чужое сообщение");
    await expect(a.chat.message("чужое сообщение")).toBeVisible();

    // Not while the composer holds text: ↑ is then the caret's.
    await a.chat.composer.fill("черновик");
    await a.chat.composer.press("ArrowUp");
    await expect(a.chat.editor).toHaveCount(0);
    await a.chat.composer.fill("");

    await a.chat.composer.press("ArrowUp");
    await expect(a.chat.editor).toBeFocused();
    await expect(a.chat.editor).toHaveValue("вторая версия");
    await a.chat.editor.press("End");
    await a.session.page.keyboard.type(" с правкой, которую я передумал");
    await a.chat.editor.press("Escape");
    await expect(a.chat.editor).toHaveCount(0);
    await expect(a.chat.composer).toBeFocused();
    expect(await textOf(last.row)).toBe("вторая версия");

    await a.chat.composer.press("ArrowUp");
    await a.chat.editor.fill("исправленная версия");
    await a.chat.editor.press("Shift+Enter");
    await a.session.page.keyboard.type("и вторая строка");
    await shot(a.session.page, "edit-desktop-ru");
    await a.chat.editor.press("Enter");
    await expect(a.chat.editor).toHaveCount(0);
    await expect(a.chat.composer).toBeFocused();

    const seen = b.chat.messageById(last.id);
    await expect(b.chat.editedMark(seen)).toBeVisible();
    expect(await textOf(seen)).toBe(`исправленная версия\nи вторая строка ${b.chat.say.chat("message.edited")}`);
    await expect(b.chat.editedMark(seen)).toHaveAttribute("title", anyIn(b.chat.say.chat("message.edited_at", { time: ANY })));
    await expect(a.chat.editedMark(last.row)).toBeVisible();
    await expect(last.row).not.toHaveAttribute("aria-busy", "true");
    expect(await stored(a.session.page, room, last.id)).toMatchObject({ content: "исправленная версия\nи вторая строка", edited_at: expect.any(String) });
    await expect(b.chat.editedMark(b.chat.message("старое сообщение"))).toHaveCount(0);
  });

  test("delete asks first, Shift+click does not; the other sees a tombstone in the message's place", async ({ newSession }) => {
    const { a, b, room } = await twoInARoom(newSession);
    await sendAndWait(a.chat, "до");
    const asked = await sendAndWait(a.chat, "удалить с вопросом");
    const quick = await sendAndWait(a.chat, "удалить сразу");
    await sendAndWait(a.chat, "после");
    const bobs = await postMessageViaApi(b.session.page.request, room.id, "сообщение боба");

    await asked.row.hover();
    await a.chat.action(asked.row, "delete").click();
    await expect(a.chat.deleteDialog).toBeVisible();
    await expect(a.chat.deleteDialog).toContainText("удалить с вопросом");
    await shot(a.session.page, "delete-dialog-desktop-ru");
    await a.chat.deleteDialog.getByRole("button", { name: a.chat.say.chat("dialog.cancel") }).click();
    await expect(a.chat.deleteDialog).toBeHidden();
    await expect(a.chat.tombstone(asked.row)).toHaveCount(0);

    await asked.row.hover();
    await a.chat.action(asked.row, "delete").click();
    await a.chat.confirmDeleteButton.click();
    await expect(a.chat.deleteDialog).toBeHidden();
    await expect(a.chat.tombstone(asked.row)).toBeVisible();

    await quick.row.hover();
    await a.chat.action(quick.row, "delete").click({ modifiers: ["Shift"] });
    await expect(a.chat.deleteDialog).toBeHidden();
    await expect(a.chat.tombstone(quick.row)).toBeVisible();

    // The room's owner moderates it: Alice may delete Bob's message, Bob may not delete hers.
    const bobsRow = a.chat.messageById(bobs.id);
    await bobsRow.hover();
    await a.chat.action(bobsRow, "delete").click({ modifiers: ["Shift"] });
    await expect(a.chat.tombstone(bobsRow)).toBeVisible();

    const deleted = b.chat.say.chat("message.deleted");
    await expect(b.chat.messageRows()).toContainText(["до", deleted, deleted, "после", deleted]);
    await expect(b.chat.toolbar(b.chat.messageById(asked.id))).toHaveCount(0);
    const alicesRow = b.chat.message("после");
    await alicesRow.hover();
    await expect(b.chat.action(alicesRow, "reply")).toBeVisible();
    await expect(b.chat.action(alicesRow, "delete")).toHaveCount(0);
    expect(await stored(b.session.page, room, quick.id)).toMatchObject({ deleted: true, content: "" });
    await shot(b.session.page, "tombstones-desktop-ru");
  });

  test("a reply shows what it answers on both sides; its preview jumps to an original far up and highlights it", async ({ newSession }) => {
    const { a, b, room } = await twoInARoom(newSession);
    const original = await postMessageViaApi(b.session.page.request, room.id, "оригинал далеко вверху");
    for (let i = 1; i <= 119; i++) await postMessageViaApi(b.session.page.request, room.id, `заполнитель ${String(i).padStart(3, "0")}`);
    const question = await postMessageViaApi(b.session.page.request, room.id, "вопрос поближе");
    await a.chat.goto(room.id);
    await expect(a.chat.messageById(original.id)).toHaveCount(0);

    const questionRow = a.chat.messageById(question.id);
    await questionRow.hover();
    await a.chat.action(questionRow, "reply").click();
    await expect(a.chat.replyBar(b.user.username)).toBeVisible();
    await shot(a.session.page, "reply-bar-desktop-ru");
    await a.chat.composer.fill("ответ на вопрос");
    await a.chat.composer.press("Enter");
    await expect(a.chat.replyBar(b.user.username)).toBeHidden();
    const reply = a.chat.message("ответ на вопрос");
    await expect(reply).not.toHaveAttribute("aria-busy", "true");
    await expect(a.chat.replyPreview(reply)).toHaveText(`${a.chat.say.chat("reply.quote")} ${b.user.username}вопрос поближе`);
    const seenReply = b.chat.message("ответ на вопрос");
    await expect(b.chat.replyPreview(seenReply)).toContainText("вопрос поближе");
    const replyId = Number((await reply.getAttribute("id"))?.replace("message-", ""));
    expect((await stored(a.session.page, room, replyId))?.reply_to?.id).toBe(question.id);

    // An answer to the first message of the room, 120 messages up: not loaded until its preview is pressed.
    await postMessageViaApi(b.session.page.request, room.id, "ответ на самое первое", original.id);
    const farReply = a.chat.message("ответ на самое первое");
    await expect(a.chat.replyPreview(farReply)).toContainText("оригинал далеко вверху");
    // From the keyboard, as a screen reader presses it: the original also takes focus.
    await a.chat.replyPreview(farReply).focus();
    await a.session.page.keyboard.press("Enter");
    const originalRow = a.chat.messageById(original.id);
    await expect(originalRow).toBeInViewport();
    await expect(originalRow).toBeFocused();
    await expect(originalRow).toHaveAttribute("data-highlighted", "true");
    await shot(a.session.page, "jump-desktop-ru", "allow");
    await expect(originalRow).not.toHaveAttribute("data-highlighted", "true", { timeout: 5_000 });

    // Between the page around it and the latest messages, the rest loads on request.
    await expect(a.chat.message("заполнитель 060")).toHaveCount(0);
    await a.chat.loadGapButton.click();
    await expect(a.chat.loadGapButton).toHaveCount(0);
    await expect(a.chat.message(/заполнитель 0(59|60|61)/)).toHaveCount(3);
    await expect(a.chat.messageRows()).toHaveCount(123);

    // A deleted original says so in every reply's preview.
    const response = await b.session.page.request.delete(`/api/messages/${room.id}/${question.id}`);
    expect(response.status()).toBeLessThan(300);
    await expect(a.chat.replyPreview(reply)).toContainText(a.chat.say.chat("reply.original_deleted"));
  });

  test("reactions: picked by search in the picker, toggled by their chips, counted for the other, who is named on hover", async ({ newSession }) => {
    const { a, b, room } = await twoInARoom(newSession);
    const posted = await postMessageViaApi(b.session.page.request, room.id, "реагируйте");
    const row = a.chat.messageById(posted.id);
    const seen = b.chat.messageById(posted.id);

    await row.hover();
    await a.chat.action(row, "react").click();
    await expect(a.chat.picker).toBeVisible();
    await expect(a.chat.pickerSearch).toBeFocused();
    await a.session.page.keyboard.type("огонь");
    await expect(a.chat.pickerEmoji("огонь")).toBeVisible();
    await shot(a.session.page, "picker-search-desktop-ru");
    await a.chat.pickerEmoji("огонь").click();
    await expect(a.chat.picker).toBeHidden();
    await expect(a.chat.reactionChip(row, "🔥")).toHaveAccessibleName(a.chat.chipName("🔥", 1));
    await expect(a.chat.reactionChip(row, "🔥")).toHaveAttribute("aria-pressed", "true");

    await expect(b.chat.reactionChip(seen, "🔥")).toHaveAccessibleName(b.chat.chipName("🔥", 1));
    await expect(b.chat.reactionChip(seen, "🔥")).toHaveAttribute("aria-pressed", "false");
    await b.chat.reactionChip(seen, "🔥").click();
    await expect(b.chat.reactionChip(seen, "🔥")).toHaveAttribute("aria-pressed", "true");
    await expect(a.chat.reactionChip(row, "🔥")).toHaveAccessibleName(a.chat.chipName("🔥", 2));

    await a.chat.reactionChip(row, "🔥").hover();
    await expect(a.chat.reactorsTooltip).toHaveText(`🔥${a.chat.say.chat("reactions.who", { named: 2, rest: 0, first: a.chat.say.chat("reactions.you"), second: b.user.username, third: "" })}`);
    await shot(a.session.page, "reactors-desktop-ru");
    await b.chat.reactionChip(seen, "🔥").focus();
    await expect(b.chat.reactorsTooltip).toHaveText(`🔥${b.chat.say.chat("reactions.who", { named: 2, rest: 0, first: b.chat.say.chat("reactions.you"), second: a.user.username, third: "" })}`);

    // A chip toggles: my reaction goes, the count follows on both sides.
    await a.chat.reactionChip(row, "🔥").click();
    await expect(a.chat.reactionChip(row, "🔥")).toHaveAttribute("aria-pressed", "false");
    await expect(b.chat.reactionChip(seen, "🔥")).toHaveAccessibleName(b.chat.chipName("🔥", 1));

    // The search knows English names too, and what I used last waits first in the picker.
    await a.chat.addReactionButton(row).click();
    await expect(a.chat.recentEmoji("🔥")).toBeVisible();
    await a.chat.pickerSearch.fill("thumbs up");
    await a.chat.pickerEmoji("большой палец вверх").click();
    await expect(a.chat.reactionChip(row, "👍")).toHaveAttribute("aria-pressed", "true");
    await a.chat.addReactionButton(row).click();
    await expect(a.chat.picker.getByRole("list").first().getByRole("button")).toHaveText(["👍", "🔥"]);
    await a.chat.recentEmoji("🔥").click();
    await expect(b.chat.reactionChip(seen, "🔥")).toHaveAccessibleName(b.chat.chipName("🔥", 2));
    await expect(b.chat.reactionChip(seen, "👍")).toHaveAccessibleName(b.chat.chipName("👍", 1));

    // Escape closes the picker and gives focus back to what opened it.
    await row.hover();
    await a.chat.action(row, "react").click();
    await expect(a.chat.pickerSearch).toBeFocused();
    await a.session.page.keyboard.press("Escape");
    await expect(a.chat.picker).toBeHidden();
    await expect(a.chat.action(row, "react")).toBeFocused();

    // Twenty distinct reactions are all a message takes: no «+» then, and a twenty-first is refused at once.
    for (const emoji of [..."😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗"]) {
      const response = await b.session.page.request.put(`/api/messages/${room.id}/${posted.id}/reactions/${encodeURIComponent(emoji)}`);
      expect(response.status()).toBe(204);
    }
    await expect(a.chat.reactionChip(row, "😗")).toBeVisible();
    await expect(a.chat.addReactionButton(row)).toHaveCount(0);
    await row.hover();
    await a.chat.action(row, "react").click();
    await a.chat.pickerSearch.fill("собака");
    await a.chat.pickerEmoji("морда собаки").click();
    await expect(a.chat.notice).toContainText(a.chat.say.errors("too_many_reactions", { maxReactions: 20 }));
    await expect(row.getByRole("button", { name: /^\S+: / })).toHaveCount(20);
  });
});

test.describe("conversations offline", () => {
  test("an edit, a reaction and a deletion made offline wait in the outbox and go after the reconnect, in order", async ({ newSession }) => {
    const { a, b, room, link } = await twoInARoom(newSession, { link: true });
    const first = await sendAndWait(a.chat, "сообщение до обрыва");
    const second = await sendAndWait(a.chat, "второе до обрыва");
    await expect(b.chat.messageById(second.id)).toBeVisible();

    await link?.goOffline();
    await expect(a.chat.connectionLost).toBeVisible();
    await first.row.hover();
    await a.chat.action(first.row, "react").click();
    await a.chat.pickerSearch.fill("огонь");
    await a.chat.pickerEmoji("огонь").click();
    await second.row.hover();
    await a.chat.action(second.row, "delete").click({ modifiers: ["Shift"] });
    await a.chat.composer.press("ArrowUp");
    await expect(a.chat.editor).toHaveValue("сообщение до обрыва");
    await a.chat.editor.fill("исправлено без связи");
    await a.chat.editor.press("Enter");

    // Shown at once, as mine on their way; the server and the other have none of it yet.
    await expect(first.row).toHaveAttribute("aria-busy", "true");
    await expect(first.row).toContainText("исправлено без связи");
    await expect(first.row).not.toContainText("сообщение до обрыва");
    await expect(a.chat.reactionChip(first.row, "🔥")).toHaveAttribute("aria-pressed", "true");
    await expect(second.row).toHaveAttribute("aria-busy", "true");
    await shot(a.session.page, "offline-changes-desktop-ru");
    expect(await outboxInStorage(a.session.page)).toHaveLength(3);
    expect((await stored(b.session.page, room, first.id))?.content).toBe("сообщение до обрыва");

    await link?.goOnline();
    await expect(first.row).not.toHaveAttribute("aria-busy", "true");
    await expect(a.chat.editedMark(first.row)).toBeVisible();
    const seen = b.chat.messageById(first.id);
    await expect(b.chat.editedMark(seen)).toBeVisible();
    expect(await textOf(seen)).toBe(`исправлено без связи ${b.chat.say.chat("message.edited")}`);
    await expect(b.chat.reactionChip(seen, "🔥")).toHaveAccessibleName(b.chat.chipName("🔥", 1));
    await expect(b.chat.tombstone(b.chat.messageById(second.id))).toBeVisible();
    await expect.poll(() => outboxInStorage(a.session.page)).toEqual([]);
  });

  test("an edit the server refuses shows why, and offers to send it again or drop it", async ({ newSession }) => {
    const { a, room, link } = await twoInARoom(newSession, { link: true });
    const message = await sendAndWait(a.chat, "исчезнет, пока я правлю");
    await link?.goOffline();
    await a.chat.composer.press("ArrowUp");
    await a.chat.editor.fill("правка, которой не суждено");
    await a.chat.editor.press("Enter");
    // Meanwhile the message is deleted from elsewhere (another tab of mine, over HTTP).
    const response = await a.session.page.request.delete(`/api/messages/${room.id}/${message.id}`);
    expect(response.status()).toBeLessThan(300);
    await link?.goOnline();

    const refusal = a.chat.say.errors("message_not_found");
    await expect(message.row).toContainText(a.chat.say.chat("message.not_saved_because", { error: refusal }));
    await expect(a.chat.tombstone(message.row)).toBeVisible();
    await message.row.getByRole("button", { name: a.chat.say.chat("message.retry") }).click();
    await expect(message.row).toContainText(a.chat.say.chat("message.not_saved_because", { error: refusal }));
    await message.row.getByRole("button", { name: a.chat.say.chat("message.discard") }).click();
    await expect(message.row).not.toContainText(refusal);
    await expect.poll(() => outboxInStorage(a.session.page)).toEqual([]);
  });
});

test.describe("conversations, looked at", () => {
  for (const locale of ["ru", "en"] as const) {
    test(`desktop (${locale}): the toolbar and the picker open pass an accessibility scan`, async ({ newSession }) => {
      test.slow();
      const { a, b, room } = await twoInARoom(newSession, { locale });
      const question = await postMessageViaApi(b.session.page.request, room.id, locale === "ru" ? "Кто идёт в кино?" : "Who's coming to the cinema?");
      const answer = await sendAndWait(a.chat, locale === "ru" ? "Я иду!" : "I am!");
      const row = a.chat.messageById(question.id);
      await row.hover();
      await a.chat.action(row, "reply").click();
      await a.chat.composer.fill(locale === "ru" ? "И я" : "Me too");
      await a.chat.composer.press("Enter");
      await row.hover();
      await a.chat.action(row, "react").click();
      await a.chat.pickerSearch.fill(locale === "ru" ? "огонь" : "fire");
      await a.chat.pickerEmoji(locale === "ru" ? "огонь" : "fire").click();
      await answer.row.hover();
      await a.chat.action(answer.row, "edit").click();
      await a.chat.editor.fill(locale === "ru" ? "Я иду! Взять попкорн?" : "I am! Popcorn, anyone?");
      await a.chat.editor.press("Enter");
      await expect(a.chat.editedMark(answer.row)).toBeVisible();

      await answer.row.hover();
      await expect(a.chat.toolbar(answer.row)).toBeVisible();
      await shot(a.session.page, `conversation-desktop-${locale}`);
      await expectNoA11yViolations(a.session.page);

      await a.chat.action(answer.row, "react").click();
      await expect(a.chat.pickerEmoji(locale === "ru" ? "огонь" : "fire").or(a.chat.recentEmoji("🔥")).first()).toBeVisible();
      await expect(a.chat.picker.getByRole("grid")).toBeVisible();
      await shot(a.session.page, `picker-desktop-${locale}`);
      await expectNoA11yViolations(a.session.page);
    });

    test(`phone (${locale}): a tap shows the toolbar, every control is a fingertip wide, the menu and picker are sheets`, async ({ newSession }) => {
      test.slow();
      const { a, b, room } = await twoInARoom(newSession, { locale, phone: true });
      const question = await postMessageViaApi(b.session.page.request, room.id, locale === "ru" ? "Во сколько встречаемся?" : "What time do we meet?");
      await postMessageViaApi(b.session.page.request, room.id, locale === "ru" ? "Я буду к семи" : "I'll be there by seven", question.id);
      const row = a.chat.messageById(question.id);
      await expect(row).toBeVisible();

      await row.tap();
      await expect(a.chat.toolbar(row)).toBeVisible();
      expect(await smallTapTargets(a.chat.main)).toEqual([]);
      await a.chat.action(row, "react").tap();
      await expect(a.chat.picker).toBeVisible();
      const sheet = await a.chat.picker.boundingBox();
      expect(sheet).toMatchObject({ x: 0, width: PHONE.width });
      expect(Math.round((sheet?.y ?? 0) + (sheet?.height ?? 0))).toBe(PHONE.height);
      await a.chat.pickerSearch.fill(locale === "ru" ? "огонь" : "fire");
      await expect(a.chat.pickerEmoji(locale === "ru" ? "огонь" : "fire")).toBeVisible();
      expect(await smallTapTargets(a.chat.picker)).toEqual([]);
      await shot(a.session.page, `picker-phone-${locale}`);
      await a.chat.pickerEmoji(locale === "ru" ? "огонь" : "fire").tap();
      await expect(a.chat.reactionChip(row, "🔥")).toHaveAttribute("aria-pressed", "true");

      await row.tap();
      await a.chat.action(row, "reply").tap();
      await expect(a.chat.replyBar(b.user.username)).toBeVisible();
      await row.tap();
      expect(await smallTapTargets(a.chat.main)).toEqual([]);
      await shot(a.session.page, `conversation-phone-${locale}`);

      await row.dispatchEvent("contextmenu", { clientX: 40, clientY: 300 });
      await expect(a.chat.menu).toBeVisible();
      const menu = await a.chat.menu.boundingBox();
      expect(menu).toMatchObject({ x: 0, width: PHONE.width });
      expect(await smallTapTargets(a.chat.menu)).toEqual([]);
      await shot(a.session.page, `menu-phone-${locale}`);
    });
  }
});
