import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

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

export async function postMessageViaApi(request: APIRequestContext, roomId: number, content: string) {
  const response = await request.post(`/api/messages/${roomId}`, { data: { content } });
  expect(response.status()).toBe(201);
}

export class ChatRoomPage {
  readonly main: Locator;
  readonly roomHeading: Locator;
  readonly log: Locator;
  readonly composer: Locator;
  readonly rooms: Locator;
  readonly createRoomButton: Locator;
  readonly presence: Locator;
  readonly menuButton: Locator;
  readonly newMessagesPill: Locator;
  readonly roomStart: Locator;

  constructor(readonly page: Page) {
    this.main = page.getByRole("main");
    this.roomHeading = this.main.getByRole("heading", { level: 1 });
    this.log = page.getByRole("log");
    this.composer = page.getByRole("textbox", { name: /^Сообщение в #/ });
    this.rooms = page.getByRole("navigation", { name: "Комнаты" });
    this.createRoomButton = this.rooms.getByRole("button", { name: "Создать комнату" });
    this.presence = page.getByRole("region", { name: /^В комнате/ });
    this.menuButton = page.getByRole("button", { name: /^Меню/ });
    this.newMessagesPill = page.getByRole("button", { name: "Новые сообщения" });
    this.roomStart = this.log.getByText(/^Это начало комнаты #/);
  }

  /** Opens a room; on desktop also waits for the join ack (the presence count), i.e. a live socket. */
  async goto(roomId?: number, { joined = true } = {}) {
    await this.page.goto(roomId === undefined ? "/chat" : `/chat?room=${roomId}`);
    await expect(this.composer).toBeVisible();
    if (joined) await expect(this.presence.getByRole("heading")).toHaveText(/^В комнате — \d+$/);
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

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  async expectRoom(name: string) {
    await expect(this.roomHeading).toHaveText(name);
    await expect(this.composer).toHaveAccessibleName(`Сообщение в #${name}`);
  }
}
