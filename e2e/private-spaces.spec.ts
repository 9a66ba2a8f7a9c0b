import { mkdir } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContextOptions, Page } from "@playwright/test";
import type { Locale } from "../lib/i18n/locale";
import { expect, test, type Session, type TestUser } from "./fixtures";
import { signUp } from "./pages/auth";
import { ANY, anyIn, ChatRoomPage, createRoomViaApi, postMessageViaApi, uniqueRoomName } from "./pages/chat-room";
import { createPrivateRoomViaApi, inviteViaApi, SpacesPage } from "./pages/members";
import { RoomDialog } from "./pages/room-dialog";
import { smallTapTargets } from "./tap-targets";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = process.env.SHOTS_DIR ?? "/work/notes/shots";

type NewSession = (options?: BrowserContextOptions) => Promise<Session>;

interface Person {
  user: TestUser;
  session: Session;
  chat: ChatRoomPage;
  spaces: SpacesPage;
}

async function shot(page: Page, name: string) {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, animations: "disabled" });
}

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

/** Someone registered (through the Russian form), reading in a browser of the language and size asked for. */
async function person(newSession: NewSession, { locale = "ru", phone = false }: { locale?: Locale; phone?: boolean } = {}): Promise<Person> {
  const registering = await newSession({ viewport: DESKTOP });
  const user = await signUp(registering.page);
  const session =
    locale === "ru" && !phone
      ? registering
      : await newSession({
          viewport: phone ? PHONE : DESKTOP,
          hasTouch: phone,
          locale: locale === "en" ? "en-US" : "ru-RU",
          storageState: await registering.context.storageState(),
        });
  if (session !== registering) await registering.context.close();
  const chat = new ChatRoomPage(session.page, locale);
  return { user, session, chat, spaces: new SpacesPage(chat) };
}

test.describe("private spaces", () => {
  test("a conversation begins from a profile card, and both people see what is written in it", async ({ newSession }) => {
    const anna = await person(newSession);
    const boris = await person(newSession);
    const room = await createRoomViaApi(anna.session.page.request, uniqueRoomName("встреча"));
    await anna.chat.goto(room.id);
    await boris.chat.goto(room.id);

    // Anyone's card opens from the member list; one's own offers no «Написать».
    await anna.spaces.memberButton(anna.user.username).click();
    const own = anna.spaces.profileCard(anna.user.username);
    await expect(own).toBeVisible();
    await expect(own).toContainText(anna.chat.say.members("profile.member_since"));
    await expect(anna.spaces.messageButton(own)).toHaveCount(0);
    await anna.session.page.keyboard.press("Escape");
    await expect(own).toBeHidden();

    await anna.spaces.memberButton(boris.user.username).click();
    const card = anna.spaces.profileCard(boris.user.username);
    await expect(card).toContainText(boris.user.city);
    await expect(card).toContainText(anna.chat.say.members("panel.online"));
    await anna.spaces.messageButton(card).click();

    await expect(anna.chat.roomHeading).toHaveText(boris.user.username);
    await expect(anna.spaces.directLink(boris.user.username)).toHaveAttribute("aria-current", "page");
    await expect(anna.chat.composer).toHaveAccessibleName(anna.chat.say.members("direct.composer_label", { names: boris.user.username }));
    await expect(anna.session.page).toHaveTitle(`@${boris.user.username} · Discock`);
    await anna.chat.send("Привет лично!");
    await expect(anna.chat.message("Привет лично!")).not.toHaveAttribute("aria-busy", "true");

    // The conversation came to Boris's sidebar when it began, named after Anna.
    await boris.spaces.directLink(anna.user.username).click();
    await expect(boris.chat.message("Привет лично!")).toContainText(anna.user.username);
    await boris.chat.send("И тебе привет");
    await expect(anna.chat.message("И тебе привет")).toBeVisible();

    // Opening it again from the other side finds the same conversation.
    await boris.chat.page.goto(`/chat?room=${room.id}`);
    await boris.spaces.memberButton(anna.user.username).click();
    await boris.spaces.messageButton(boris.spaces.profileCard(anna.user.username)).click();
    await expect(boris.chat.message("Привет лично!")).toBeVisible();
    await expect(boris.spaces.directs.getByRole("link")).toHaveCount(1);
  });

  test("a private room is created private, an invited person gets it, and an outsider never sees it", async ({ newSession }) => {
    const anna = await person(newSession);
    const boris = await person(newSession);
    const outsider = await person(newSession);
    await anna.chat.goto();
    await boris.chat.goto();
    await outsider.chat.goto();

    const name = uniqueRoomName("тайная");
    await anna.chat.createRoomButton.click();
    const create = new RoomDialog(anna.session.page, "create");
    await create.name.fill(name);
    await create.dialog.getByRole("radio", { name: anna.chat.say.members("room_form.private"), exact: true }).check();
    await create.submit.click();
    await expect(anna.spaces.privateRoomLink(name)).toHaveAttribute("aria-current", "page");
    await expect(anna.chat.roomHeading).toHaveText(name);
    await expect(anna.spaces.groupHeading("owner", 1)).toBeVisible();
    const roomId = Number(new URL(anna.session.page.url()).searchParams.get("room"));

    await anna.spaces.invite(boris.user.username);
    await expect(anna.spaces.inviteResult).toHaveText(anna.chat.say.members("invite.done", { name: boris.user.username }));
    await expect(anna.spaces.groupHeading("member", 1)).toBeVisible();
    // Inviting again says why not, under the field.
    await anna.spaces.invite(boris.user.username);
    await expect(anna.spaces.inviteField).toHaveAttribute("aria-invalid", "true");

    await boris.spaces.privateRoomLink(name).click();
    await expect(boris.chat.roomHeading).toHaveText(name);
    await anna.chat.send("Только для своих");
    await expect(boris.chat.message("Только для своих")).toBeVisible();
    await expect(boris.spaces.status(anna.user.username, true)).toBeVisible();

    // The outsider's list never had it, the API does not admit it exists, and its address shows nothing.
    await expect(outsider.chat.rooms.getByRole("link", { name: new RegExp(name) })).toHaveCount(0);
    expect((await outsider.session.page.request.get(`/api/rooms/${roomId}/members`)).status()).toBe(404);
    expect((await outsider.session.page.request.get(`/api/messages/${roomId}`)).status()).toBe(404);
    await outsider.chat.page.goto(`/chat?room=${roomId}`);
    await outsider.chat.expectRoomNotFound();
    await expect(outsider.chat.main).not.toContainText("Только для своих");
  });

  test("a moderator deletes someone's message and times them out: their composer closes until the timeout is lifted", async ({ newSession }) => {
    const owner = await person(newSession);
    const moderator = await person(newSession);
    const member = await person(newSession);
    const room = await createRoomViaApi(owner.session.page.request, uniqueRoomName("порядок"));
    for (const p of [owner, moderator, member]) await p.chat.goto(room.id);

    await owner.spaces.act(moderator.user.username, "make_moderator");
    await expect(owner.spaces.groupHeading("moderator", 1)).toBeVisible();
    await expect(member.spaces.groupHeading("moderator", 1)).toBeVisible();
    // The new moderator's own menu now offers moderation over members, and none over the owner.
    await expect(moderator.spaces.memberActions(member.user.username)).toHaveCount(1);
    await expect(moderator.spaces.memberActions(owner.user.username)).toHaveCount(0);

    await member.chat.send("Спам, который удалят");
    const spam = moderator.chat.message("Спам, который удалят");
    await expect(spam).toHaveAttribute("id", /^message-\d+$/);
    // The row is found by its id from here: a tombstone no longer holds the text.
    const row = moderator.session.page.locator(`#${await spam.getAttribute("id")}`);
    await row.hover();
    await moderator.chat.action(row, "delete").click();
    await moderator.chat.confirmDeleteButton.click();
    await expect(moderator.chat.tombstone(row)).toBeVisible();
    await expect(member.chat.messageRows().filter({ hasText: member.chat.say.chat("message.deleted") })).toHaveCount(1);
    await owner.chat.send("Правила для всех");

    await moderator.spaces.act(member.user.username, "timeout");
    const dialog = moderator.spaces.timeoutDialog(member.user.username);
    await moderator.spaces.timeoutChoice(dialog, moderator.chat.say.members("duration", { unit: "minute", count: 5 })).check();
    await dialog.getByRole("textbox", { name: moderator.chat.say.members("confirm.reason") }).fill("спам");
    await moderator.spaces.confirmTimeout(dialog).click();
    await expect(dialog).toBeHidden();

    await expect(member.chat.composer).toBeDisabled();
    await expect(member.chat.composer).toHaveAttribute("placeholder", anyIn(member.chat.say.members("composer.timed_out", { time: ANY })));
    await expect(owner.chat.presenceEntry(member.user.username)).toContainText(owner.chat.say.members("panel.timed_out", { time: ANY }).split(ANY)[0] ?? "");
    // Reacting and replying are sending: someone else's message offers a silenced member nothing.
    const rules = member.chat.message("Правила для всех");
    await rules.hover();
    await expect(member.chat.toolbar(rules)).toHaveCount(0);

    // The owner reads why in the audit log.
    await owner.spaces.moreButton.click();
    await owner.spaces.moreMenu.getByRole("menuitem", { name: owner.chat.say.members("header.audit") }).click();
    await expect(owner.spaces.auditDialog).toContainText(owner.chat.say.members("audit.reason", { reason: "спам" }));
    await expect(owner.spaces.auditDialog).toContainText(`${moderator.user.username} `);
    await owner.session.page.keyboard.press("Escape");

    await moderator.spaces.act(member.user.username, "remove_timeout");
    await expect(member.chat.composer).toBeEnabled();
    await member.chat.send("Я снова могу писать");
    await expect(owner.chat.message("Я снова могу писать")).toBeVisible();
  });

  test("the member list groups people by role, online first, and dims whoever is away", async ({ newSession }) => {
    const owner = await person(newSession);
    const here = await person(newSession);
    const away = await person(newSession);
    const room = await createPrivateRoomViaApi(owner.session.page.request, uniqueRoomName("состав"));
    await inviteViaApi(owner.session.page.request, room.id, here.user.username);
    await inviteViaApi(owner.session.page.request, room.id, away.user.username);
    await away.session.context.close();

    await owner.chat.goto(room.id);
    await here.chat.goto(room.id);
    await expect(owner.spaces.groupHeading("owner", 1)).toBeVisible();
    await expect(owner.spaces.groupHeading("member", 2)).toBeVisible();
    await expect(owner.spaces.status(here.user.username, true)).toBeVisible();
    await expect(owner.spaces.status(away.user.username, false)).toBeVisible();
    await owner.chat.expectPresenceCount(2);
    const members = owner.chat.presence.getByRole("listitem");
    await expect(members).toHaveText([new RegExp(owner.user.username), new RegExp(here.user.username), new RegExp(away.user.username)]);

    // The one who is here leaves the room: still a member, no longer here.
    await here.chat.page.close();
    await expect(owner.spaces.status(here.user.username, false)).toBeVisible();

    await owner.spaces.memberButton(away.user.username).click();
    await expect(owner.spaces.profileCard(away.user.username)).toContainText(owner.chat.say.members("panel.offline"));
    await expectNoSeriousA11yViolations(owner.session.page);
  });

  for (const locale of ["ru", "en"] as const) {
    test(`looks right at desktop and phone sizes, in ${locale === "ru" ? "Russian" : "English"}`, async ({ newSession }) => {
      // Three people, two sizes, two accessibility scans and ten screenshots.
      test.slow();
      const owner = await person(newSession, { locale });
      const moderator = await person(newSession, { locale });
      const member = await person(newSession, { locale });
      const request = owner.session.page.request;
      const room = await createPrivateRoomViaApi(request, uniqueRoomName(locale === "ru" ? "команда" : "team"));
      for (const p of [moderator, member]) await inviteViaApi(request, room.id, p.user.username);
      const setRole = await request.patch(`/api/rooms/${room.id}/members/${await idOf(owner, room.id, moderator.user.username)}`, { data: { role: "moderator" } });
      expect(setRole.status()).toBe(200);
      const dm = await request.post("/api/dms", { data: { usernames: [member.user.username] } });
      expect(dm.status()).toBe(201);
      const lines = locale === "ru" ? ["Всем привет! Это наша приватная комната.", "Отлично, я здесь."] : ["Hi all! This is our private room.", "Great, I'm here."];
      await postMessageViaApi(request, room.id, lines[0] ?? "");
      await postMessageViaApi(member.session.page.request, room.id, lines[1] ?? "");

      await owner.chat.goto(room.id);
      await member.chat.goto(room.id);
      await expect(owner.spaces.groupHeading("moderator", 1)).toBeVisible();
      await shot(owner.session.page, `private-room-desktop-${locale}`);

      await owner.spaces.memberButton(member.user.username).click();
      await expect(owner.spaces.profileCard(member.user.username)).toContainText(owner.chat.say.members("profile.member_since"));
      await shot(owner.session.page, `profile-card-desktop-${locale}`);
      await owner.session.page.keyboard.press("Escape");

      await owner.spaces.act(member.user.username, "timeout");
      await expect(owner.spaces.timeoutDialog(member.user.username)).toBeVisible();
      await shot(owner.session.page, `timeout-dialog-desktop-${locale}`);
      await owner.spaces.confirmTimeout(owner.spaces.timeoutDialog(member.user.username)).click();
      await expect(member.chat.composer).toBeDisabled();
      await shot(member.session.page, `timed-out-desktop-${locale}`);

      await owner.chat.presenceEntry(member.user.username).hover();
      await owner.spaces.memberActions(member.user.username).click();
      await expect(owner.spaces.memberMenu).toBeVisible();
      await shot(owner.session.page, `member-menu-desktop-${locale}`);
      await owner.session.page.keyboard.press("Escape");
      await expectNoSeriousA11yViolations(owner.session.page);

      // On a phone the member list is a drawer from the header, every control a fingertip wide.
      const page = owner.session.page;
      await page.setViewportSize(PHONE);
      await expect(owner.chat.membersButton).toBeVisible();
      expect(await smallTapTargets(owner.chat.main)).toEqual([]);
      await shot(page, `private-room-phone-${locale}`);
      await owner.spaces.openMembers();
      await expect(owner.spaces.closeMembersButton).toBeVisible();
      expect(await smallTapTargets(owner.chat.presence)).toEqual([]);
      await shot(page, `members-phone-${locale}`);
      await owner.spaces.memberButton(moderator.user.username).click();
      const card = owner.spaces.profileCard(moderator.user.username);
      await expect(card).toContainText(owner.chat.say.members("profile.member_since"));
      expect(await smallTapTargets(card)).toEqual([]);
      await shot(page, `profile-card-phone-${locale}`);
      await page.keyboard.press("Escape");
      await owner.spaces.closeMembersButton.click();
      await expect(owner.chat.membersButton).toBeFocused();
      await expectNoSeriousA11yViolations(page);

      await owner.chat.menuButton.click();
      await expect(owner.spaces.directLink(member.user.username)).toBeVisible();
      await shot(page, `sidebar-phone-${locale}`);
    });
  }
});

/** A member's id, as the room's member list gives it. */
async function idOf(viewer: Person, roomId: number, username: string): Promise<number> {
  const response = await viewer.session.page.request.get(`/api/rooms/${roomId}/members`);
  expect(response.status()).toBe(200);
  const { members } = (await response.json()) as { members: { id: number; username: string }[] };
  const id = members.find((m) => m.username === username)?.id;
  if (id === undefined) throw new Error(`${username} is not a member of room ${roomId}`);
  return id;
}
