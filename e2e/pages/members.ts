import type { APIRequestContext, Locator } from "@playwright/test";
import { expect } from "../fixtures";
import { type ChatRoomPage, type RoomDto } from "./chat-room";

export type MemberAction = "make_moderator" | "remove_moderator" | "transfer" | "timeout" | "remove_timeout" | "kick" | "ban";

/** A room or a conversation as the API answers it, with the fields private spaces added. */
export interface SpaceDto extends RoomDto {
  kind: "public" | "private" | "direct";
  my_role: "owner" | "moderator" | "member" | null;
  members?: { id: number; username: string; city: string }[];
}

export async function createPrivateRoomViaApi(request: APIRequestContext, name: string): Promise<SpaceDto> {
  const response = await request.post("/api/rooms", { data: { name, visibility: "private" } });
  expect(response.status()).toBe(201);
  return (await response.json()) as SpaceDto;
}

export async function inviteViaApi(request: APIRequestContext, roomId: number, username: string): Promise<void> {
  const response = await request.post(`/api/rooms/${roomId}/members`, { data: { username } });
  expect(response.status()).toBe(201);
}

/** The private spaces of the chat page: conversations, the member list, profile cards and moderation, in the page's language. */
export class SpacesPage {
  readonly directs: Locator;
  readonly inviteField: Locator;
  readonly inviteButton: Locator;
  /** The result line under the invitation field: who is in now, or why not. */
  readonly inviteResult: Locator;
  readonly closeMembersButton: Locator;
  readonly moreButton: Locator;
  readonly moreMenu: Locator;
  readonly memberMenu: Locator;
  readonly auditDialog: Locator;

  constructor(readonly chat: ChatRoomPage) {
    const t = chat.say.members;
    const { page } = chat;
    this.directs = page.getByRole("navigation", { name: t("direct.heading") });
    this.inviteField = chat.presence.getByRole("textbox", { name: /./ });
    this.inviteButton = chat.presence.getByRole("button", { name: new RegExp(`^(${t("invite.submit")}|${t("invite.submit_direct")})$`) });
    this.inviteResult = chat.presence.getByRole("status");
    this.closeMembersButton = page.getByRole("button", { name: t("panel.close") });
    this.moreButton = chat.main.getByRole("button", { name: t("header.more") });
    this.moreMenu = page.getByRole("menu", { name: t("header.more") });
    this.memberMenu = page.getByRole("menu");
    this.auditDialog = page.getByRole("dialog", { name: t("audit.title") });
  }

  private get t() {
    return this.chat.say.members;
  }

  /** A conversation in the sidebar, by the names it is called after. */
  directLink(names: string): Locator {
    return this.directs.getByRole("link", { name: names, exact: true });
  }

  /** A private room in the sidebar: its link says it is private. */
  privateRoomLink(name: string): Locator {
    return this.chat.rooms.getByRole("link", { name: this.t("rooms.private_named", { room: name }), exact: true });
  }

  /** A person's entry in the member list: it opens their profile card. */
  memberButton(username: string): Locator {
    return this.chat.presence.getByRole("listitem").filter({ hasText: username }).getByRole("button").first();
  }

  /** The heading of a group of the member list: «Владелец — 1». */
  groupHeading(role: "owner" | "moderator" | "member", count: number): Locator {
    return this.chat.presence.getByRole("heading", { name: this.t(`panel.group_${role}`, { count }), exact: true });
  }

  /** Says the entry's status to a screen reader: «В сети» or «Не в сети». */
  status(username: string, online: boolean): Locator {
    return this.chat.presenceEntry(username).getByText(this.t(online ? "panel.online" : "panel.offline"), { exact: true });
  }

  memberActions(username: string): Locator {
    // Hidden until the entry is hovered or focused (always shown on phones).
    return this.chat.presence.getByRole("button", { name: this.t("panel.actions", { name: username }), includeHidden: true });
  }

  async act(username: string, action: MemberAction) {
    await this.chat.presenceEntry(username).hover();
    await this.memberActions(username).click();
    await this.memberMenu.getByRole("menuitem", { name: this.t(`menu.${action}`), exact: true }).click();
  }

  profileCard(username: string): Locator {
    return this.chat.page.getByRole("dialog", { name: this.t("profile.label", { name: username }) });
  }

  messageButton(card: Locator): Locator {
    return card.getByRole("button", { name: this.t("profile.message"), exact: true });
  }

  /** The timeout dialog for someone, its lengths and its confirmation. */
  timeoutDialog(username: string): Locator {
    return this.chat.page.getByRole("dialog", { name: this.t("timeout.title", { name: username }) });
  }

  timeoutChoice(dialog: Locator, label: string): Locator {
    return dialog.getByRole("radio", { name: label, exact: true });
  }

  confirmTimeout(dialog: Locator): Locator {
    return dialog.getByRole("button", { name: this.t("timeout.confirm"), exact: true });
  }

  async invite(username: string) {
    await this.inviteField.fill(username);
    await this.inviteButton.click();
  }

  /** Opens the member list: a drawer on a phone, always on screen on a desktop. */
  async openMembers() {
    if (await this.chat.membersButton.isVisible()) await this.chat.membersButton.click();
    await expect(this.chat.presence).toBeVisible();
  }
}
