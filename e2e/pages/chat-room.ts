import { expect, type APIRequestContext, type Locator, type Page, type WebSocketRoute } from "@playwright/test";
import type { Locale } from "../../lib/i18n/locale";
import { say } from "../i18n";
import { RoomDialog, type RoomDialogKind } from "./room-dialog";

export interface RoomDto {
  id: number;
  name: string;
  description: string;
  created_by: number | null;
  is_default: boolean;
}

/** Room names are unique across the shared test database. */
export const uniqueRoomName = (prefix = "комната") => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

export async function createRoomViaApi(request: APIRequestContext, name = uniqueRoomName(), description = ""): Promise<RoomDto> {
  const response = await request.post("/api/rooms", { data: { name, description } });
  expect(response.status()).toBe(201);
  return (await response.json()) as RoomDto;
}

export async function postMessageViaApi(request: APIRequestContext, roomId: number, content: string, replyToId?: number): Promise<MessageJson> {
  const response = await request.post(`/api/messages/${roomId}`, { data: { content, ...(replyToId === undefined ? {} : { reply_to_id: replyToId }) } });
  expect(response.status()).toBe(201);
  return (await response.json()) as MessageJson;
}

/** Stands for "anything" in a sentence rendered by say(): its placeholders become wildcards in anyIn(). */
export const ANY = "\u0000";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A whole-text pattern of a catalogue sentence whose ANY placeholders may hold anything: anyIn(t.chat("log.label", { room: ANY })). */
export const anyIn = (sentence: string) => new RegExp(`^${sentence.split(ANY).map(escapeRegExp).join(".+")}$`);

/** A pattern for a sentence's start: names that carry a count or a name after a fixed beginning. */
export const startingWith = (text: string) => new RegExp(`^${escapeRegExp(text)}`);

export type MessageActionName = "react" | "reply" | "edit" | "delete";

export class ChatRoomPage {
  /** The app's sentences in this page's language. */
  readonly say: ReturnType<typeof say>;
  /** What the default room is called in this language, whatever name it is stored under. */
  readonly defaultRoom: string;
  readonly main: Locator;
  readonly roomHeading: Locator;
  readonly log: Locator;
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly rooms: Locator;
  readonly createRoomButton: Locator;
  /** The member list: beside the messages on a desktop, a drawer from the members button on a phone. */
  readonly presence: Locator;
  readonly membersButton: Locator;
  readonly menuButton: Locator;
  readonly newMessagesPill: Locator;
  readonly roomStart: Locator;
  readonly skipLink: Locator;
  readonly loadOlder: Locator;
  readonly closeMenuButton: Locator;
  /** The banner while the socket is down, and the one when it is back. */
  readonly connectionLost: Locator;
  readonly connectionRestored: Locator;
  /** The notice above the messages (a room deleted, a request refused). */
  readonly notice: Locator;
  /** A message's context menu, and the inline editor of a message. */
  readonly menu: Locator;
  readonly editor: Locator;
  /** The reaction picker: recent emoji, then emoji-picker-react with its search. */
  readonly picker: Locator;
  readonly pickerSearch: Locator;
  /** Above the composer while replying: «Ответ для Анна», and its ✕. */
  readonly cancelReplyButton: Locator;
  readonly deleteDialog: Locator;
  readonly confirmDeleteButton: Locator;
  /** Who reacted, shown while a reaction chip is hovered or focused. */
  readonly reactorsTooltip: Locator;
  /** Between a jumped-to page of old messages and the latest ones. */
  readonly loadGapButton: Locator;

  constructor(
    readonly page: Page,
    readonly locale: Locale = "ru",
  ) {
    const t = say(locale);
    this.say = t;
    this.defaultRoom = t.common("default_room_name");
    this.main = page.getByRole("main");
    this.roomHeading = this.main.getByRole("heading", { level: 1 });
    this.log = page.getByRole("log");
    // «Сообщение в #комната», or in a conversation «Сообщение для анна».
    const composerNames = [t.chat("composer.label", { room: ANY }), t.members("direct.composer_label", { names: ANY })];
    this.composer = page.getByRole("textbox", { name: new RegExp(composerNames.map((name) => anyIn(name).source).join("|")) });
    this.sendButton = this.main.getByRole("button", { name: t.chat("composer.send") });
    this.rooms = page.getByRole("navigation", { name: t.chat("sidebar.rooms") });
    this.createRoomButton = this.rooms.getByRole("button", { name: t.chat("sidebar.create_room") });
    this.presence = page.getByRole("region", { name: t.members("panel.title"), exact: true });
    this.membersButton = page.getByRole("button", { name: t.members("panel.open"), exact: true });
    this.menuButton = page.getByRole("button", { name: t.members("header.rooms_menu") });
    this.newMessagesPill = page.getByRole("button", { name: t.chat("log.new_messages") });
    this.roomStart = this.log.getByText(anyIn(t.chat("log.room_start", { room: ANY })));
    this.skipLink = page.getByRole("link", { name: t.chat("skip_to_composer") });
    this.loadOlder = this.log.getByRole("button", { name: t.chat("log.load_older") });
    this.closeMenuButton = page.getByRole("button", { name: t.chat("sidebar.close_menu") });
    this.connectionLost = page.getByRole("status").filter({ hasText: t.chat("connection.lost") });
    this.connectionRestored = page.getByRole("status").filter({ hasText: t.chat("connection.restored") });
    this.notice = this.main.getByRole("status").filter({ has: page.getByRole("button", { name: t.chat("notice.dismiss") }) });
    this.menu = page.getByRole("menu", { name: t.chat("actions.menu") });
    this.editor = this.log.getByRole("textbox", { name: t.chat("editor.label") });
    this.picker = page.getByRole("dialog", { name: t.chat("picker.label") });
    // A combobox: arrows move a highlight through the grid while typing goes on (keepSearchFocus).
    this.pickerSearch = this.picker.getByRole("combobox", { name: t.chat("picker.search_label") });
    this.cancelReplyButton = this.main.getByRole("button", { name: t.chat("reply.cancel") });
    this.deleteDialog = page.getByRole("dialog", { name: t.chat("delete_message.title") });
    this.confirmDeleteButton = this.deleteDialog.getByRole("button", { name: t.chat("delete_message.confirm"), exact: true });
    this.reactorsTooltip = page.getByRole("tooltip");
    this.loadGapButton = this.log.getByRole("button", { name: t.chat("log.load_gap") });
  }

  /** A message's row by its id, as the server numbered it. */
  messageById(id: number): Locator {
    return this.page.locator(`#message-${id}`);
  }

  /** The toolbar over a row, shown while the row is hovered or holds focus. */
  toolbar(row: Locator): Locator {
    return row.getByRole("toolbar", { name: this.say.chat("actions.toolbar") });
  }

  action(row: Locator, action: MessageActionName): Locator {
    return this.toolbar(row).getByRole("button", { name: this.say.chat(`actions.${action}`), exact: true });
  }

  menuItem(action: MessageActionName): Locator {
    return this.menu.getByRole("menuitem", { name: this.say.chat(`actions.${action}`), exact: true });
  }

  /** «(изменено)» after an edited message. */
  editedMark(row: Locator): Locator {
    return row.getByText(this.say.chat("message.edited"), { exact: true });
  }

  tombstone(row: Locator): Locator {
    return row.getByText(this.say.chat("message.deleted"), { exact: true });
  }

  /** «Ответ для Анна» above the composer. */
  replyBar(name: string): Locator {
    return this.main.getByText(this.say.chat.markup("reply.replying_to", { name, strong: (chunks) => chunks }), { exact: true });
  }

  /** The line above a reply that quotes its original; pressing it jumps there. */
  replyPreview(row: Locator): Locator {
    return row.getByRole("button", { name: startingWith(this.say.chat("reply.quote")) });
  }

  /** A reaction chip («👍 2»), whatever its count. */
  reactionChip(row: Locator, emoji: string): Locator {
    return row.getByRole("button", { name: startingWith(`${emoji}:`) });
  }

  /** The chip's accessible name for a count: «🔥: 2 реакции». */
  chipName(emoji: string, count: number): string {
    return this.say.chat("reactions.chip", { emoji, count });
  }

  addReactionButton(row: Locator): Locator {
    return row.getByRole("button", { name: this.say.chat("reactions.add"), exact: true });
  }

  /** An emoji in the picker's grid, by its name in this page's language. */
  pickerEmoji(name: string): Locator {
    return this.picker.getByRole("gridcell", { name, exact: true });
  }

  /** A recently used emoji, above the picker's grid. */
  recentEmoji(emoji: string): Locator {
    return this.picker.getByRole("button", { name: emoji, exact: true });
  }

  /** Opens a room; on desktop also waits for the join ack (who is here, in the member list), i.e. a live socket. */
  async goto(roomId?: number, { joined = true } = {}) {
    await this.page.goto(roomId === undefined ? "/chat" : `/chat?room=${roomId}`);
    await expect(this.composer).toBeVisible();
    if (joined) {
      await expect(this.presence).not.toHaveAttribute("aria-busy", "true");
      await expect(this.onlineEntries().first()).toBeVisible();
    }
  }

  /** Every message row; day separators are list items too, but only messages carry a <time>. */
  messageRows(): Locator {
    return this.log.getByRole("listitem").filter({ has: this.page.locator("time") });
  }

  /** Message rows whose text contains `text`. */
  message(text: string | RegExp): Locator {
    return this.messageRows().filter({ hasText: text });
  }

  roomLink(name: string): Locator {
    return this.rooms.getByRole("link", { name, exact: true });
  }

  presenceEntry(username: string): Locator {
    return this.presence.getByRole("listitem").filter({ hasText: username });
  }

  /** The people the member list shows online (those who have the room open among them). */
  onlineEntries(): Locator {
    return this.presence.getByRole("listitem").filter({ has: this.page.getByText(this.say.members("panel.online"), { exact: true }) });
  }

  async expectPresenceCount(count: number) {
    await expect(this.onlineEntries()).toHaveCount(count);
  }

  /** Where a person is, as a message row or the list of people shows it. */
  place(city: string): string {
    return this.say.chat("place", { city: city || this.say.common("city_unspecified") });
  }

  editRoomButton(name: string): Locator {
    return this.main.getByRole("button", { name: this.say.chat("header.edit_room_named", { room: name }) });
  }

  deleteRoomButton(name: string): Locator {
    return this.main.getByRole("button", { name: this.say.chat("header.delete_room_named", { room: name }) });
  }

  /** On «Комната не найдена», the way out to the default room. */
  goToDefaultRoomLink(): Locator {
    return this.main.getByRole("link", { name: this.say.chat("go_to_room", { room: this.defaultRoom }) });
  }

  retryButton(row: Locator): Locator {
    return row.getByRole("button", { name: this.say.chat("message.retry") });
  }

  /** The tab title of a room by its shown name, or of a room that is not there. */
  tabTitle(roomName: string | null): string {
    return `${roomName === null ? this.say.chat("room_not_found") : `#${roomName}`} · Discock`;
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  async expectRoom(name: string) {
    await expect(this.roomHeading).toHaveText(name);
    await expect(this.composer).toHaveAccessibleName(this.say.chat("composer.label", { room: name }));
  }

  async expectRoomNotFound() {
    await expect(this.roomHeading).toHaveText(this.say.chat("room_not_found"));
    await expect(this.composer).toHaveCount(0);
  }

  /** One of the room dialogs, in this page's language. */
  dialog(kind: RoomDialogKind): RoomDialog {
    return new RoomDialog(this.page, kind, this.locale);
  }
}

export interface MessageJson {
  id: number;
  content: string;
  client_id: string | null;
}

/** The room's stored messages with this exact content, as the server has them. */
export async function storedMessages(request: APIRequestContext, roomId: number, content: string): Promise<MessageJson[]> {
  const response = await request.get(`/api/messages/${roomId}?limit=100`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as MessageJson[]).filter((m) => m.content === content);
}

export interface SentFrame {
  ackId: string;
  payload: { room_id: number; content: string; client_id?: string };
  /** When the page sent it (ms since epoch, the test's clock). */
  at: number;
}

// Socket.IO over a WebSocket: "4" is an engine.io message, then "2" an event or "3" an ack, then the ack id.
const SEND_FRAME = /^42(\d+)(\["send_message",.*)$/s;

/**
 * Stands between the page and the server's Socket.IO connection: it can cut the connection, hold new ones
 * (a server that does not answer yet), swallow sends or their acks, or answer sends itself.
 */
export class SocketLink {
  /** Every send_message the page emitted, in order, including swallowed ones. */
  readonly sends: SentFrame[] = [];
  /** Sends go nowhere: not stored, never acknowledged. */
  dropSends = false;
  /** Sends are stored, but neither their ack nor the broadcast of a new message reaches the page. */
  dropDeliveries = false;
  /** Answers a send in place of the server; null lets it through. */
  answerSend: ((frame: SentFrame) => object | null) | null = null;
  /** Changes what a send carries on its way to the server, so that the server itself refuses it. */
  alterSend: ((payload: SentFrame["payload"]) => SentFrame["payload"]) | null = null;
  private offline = false;
  private live: WebSocketRoute | null = null;
  private readonly held: (() => void)[] = [];
  private readonly unanswered = new Set<string>();

  static async attach(page: Page): Promise<SocketLink> {
    const link = new SocketLink();
    await page.routeWebSocket(/\/socket\.io\//, (ws) => link.route(ws));
    return link;
  }

  private route(ws: WebSocketRoute) {
    const server = ws.connectToServer();
    const toServer: (string | Buffer)[] = [];
    const toPage: (string | Buffer)[] = [];
    let open = !this.offline;
    if (!open) {
      this.held.push(() => {
        open = true;
        for (const frame of toPage.splice(0)) ws.send(frame);
        for (const frame of toServer.splice(0)) server.send(frame);
      });
    }
    this.live = ws;
    ws.onMessage((frame) => {
      if (!open) return void toServer.push(frame);
      const send = typeof frame === "string" ? SEND_FRAME.exec(frame) : null;
      if (send) {
        const [, ackId = "", body = "[]"] = send;
        const [, payload] = JSON.parse(body) as [string, SentFrame["payload"]];
        const sent: SentFrame = { ackId, payload, at: Date.now() };
        this.sends.push(sent);
        if (this.dropSends) return;
        const answer = this.answerSend?.(sent);
        if (answer) return void ws.send(`43${ackId}${JSON.stringify([answer])}`);
        if (this.dropDeliveries) this.unanswered.add(ackId);
        if (this.alterSend) return void server.send(`42${ackId}${JSON.stringify(["send_message", this.alterSend(payload)])}`);
      }
      server.send(frame);
    });
    server.onMessage((frame) => {
      if (!open) return void toPage.push(frame);
      if (this.dropDeliveries && typeof frame === "string" && this.isDelivery(frame)) return;
      ws.send(frame);
    });
  }

  private isDelivery(frame: string): boolean {
    if (frame.startsWith('42["new_message"')) return true;
    const ack = /^43(\d+)\[/.exec(frame);
    return ack !== null && this.unanswered.has(ack[1] ?? "");
  }

  /** Drops the connection and holds every new one until `goOnline`. */
  async goOffline() {
    this.offline = true;
    await this.live?.close();
  }

  /** Lets the held reconnect through, once the page has tried one. */
  async goOnline() {
    await expect.poll(() => this.held.length, { timeout: 10_000 }).toBeGreaterThan(0);
    this.offline = false;
    for (const release of this.held.splice(0)) release();
  }

  /** Drops the connection; the page reconnects at once. */
  async reconnect() {
    await this.live?.close();
  }
}

/** What this tab keeps in sessionStorage until the server acknowledges it. */
export function outboxInStorage(page: Page): Promise<{ client_id: string; content: string }[]> {
  return page.evaluate(() =>
    Object.keys(sessionStorage)
      .filter((key) => key.startsWith("discock:outbox:"))
      .flatMap((key) => JSON.parse(sessionStorage.getItem(key) ?? "[]") as { client_id: string; content: string }[]),
  );
}
