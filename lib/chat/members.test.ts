import { describe, expect, it } from "vitest";
import type { RoomDto } from "./dto";
import { listAudit } from "./audit";
import { getProfile, openDirect, setBlocked } from "./direct";
import { banMember, endTimeout, inviteMember, listBans, listMembers, removeMember, timeoutMember, unbanMember, updateMember } from "./members";
import { deleteMessage, react, removeReactionOf, sendMessage } from "./messages";
import { joinRoom } from "./presence";
import { createRoom, findRoom, listRooms, updateRoom } from "./rooms";
import { ChannelHub, openChat, refusal, type ChatHarness, type SignedIn } from "./testing/harness";

async function privateRoom(chat: ChatHarness, owner: SignedIn, ...members: SignedIn[]): Promise<RoomDto> {
  const room = await createRoom(chat.deps, owner.actor, { name: `тайная ${owner.user.id}`, visibility: "private" });
  for (const member of members) await inviteMember(chat.deps, owner.actor, room.id, { username: member.user.username });
  return room;
}

const published = (chat: ChatHarness, event: string) => chat.events.published.filter((entry) => entry.event === event);

describe("private rooms", () => {
  it("are seen by their members only: the list, the room, its history and sends", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const member = await chat.signIn();
    const outsider = await chat.signIn();
    const room = await privateRoom(chat, owner, member);

    expect(room).toMatchObject({ kind: "private", my_role: "owner", permissions: { invite: true, set_roles: true, leave: false } });
    expect((await listRooms(chat.deps, member.actor)).map((r) => r.id)).toContain(room.id);
    expect((await listRooms(chat.deps, outsider.actor)).map((r) => r.id)).not.toContain(room.id);
    expect(await findRoom(chat.deps, outsider.actor, room.id)).toBeNull();
    await refusal(sendMessage(chat.deps, outsider.actor, { room_id: room.id, content: "тук" }), "not_found");
    await refusal(listMembers(chat.deps, outsider.actor, room.id), "not_found");
    await refusal(joinRoom(chat.deps, outsider.actor, outsider.present, new ChannelHub().connect(outsider.present), { room_id: room.id }), "not_found");
    expect(chat.rows("messages")).toBe(0);
    await sendMessage(chat.deps, member.actor, { room_id: room.id, content: "свои" });
    expect(chat.rows("messages")).toBe(1);
  });

  it("announce themselves to their members only, and an invitation to the invitee", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const guest = await chat.signIn();
    const room = await privateRoom(chat, owner);
    const created = published(chat, "room_created");
    expect(created.map((entry) => entry.audience)).toEqual([{ to: "users", userIds: [owner.user.id] }]);

    chat.events.published.length = 0;
    const member = await inviteMember(chat.deps, owner.actor, room.id, { username: guest.user.username.toUpperCase() });
    expect(member).toMatchObject({ id: guest.user.id, role: "member", timed_out_until: null });
    expect(published(chat, "member_joined")[0]?.audience).toEqual({ to: "room", roomId: room.id });
    expect(published(chat, "room_created")).toEqual([
      { event: "room_created", payload: expect.objectContaining({ id: room.id, my_role: "member" }) as unknown, audience: { to: "users", userIds: [guest.user.id] } },
    ]);
    await refusal(inviteMember(chat.deps, owner.actor, room.id, { username: guest.user.username }), "conflict");
    await refusal(inviteMember(chat.deps, owner.actor, room.id, { username: "nobody_at_all" }), "not_found");
    await refusal(inviteMember(chat.deps, guest.actor, room.id, { username: owner.user.username }), "forbidden");
  });

  it("spend the inviter's message budget, so nobody floods other people's room lists", async () => {
    const chat = await openChat({ messagesPerWindow: 2, messageWindowSeconds: 60 });
    const owner = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "приглашения", visibility: "private" });
    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      const person = await chat.signIn();
      outcomes.push(await inviteMember(chat.deps, owner.actor, room.id, { username: person.user.username }).then(() => null, (err: unknown) => err));
    }
    const refused = outcomes.filter((outcome) => outcome !== null);

    // The steady rate plus its burst allowance (lib/limits.ts): well short of ten.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ code: "rate_limited" });
    expect(await chat.store.countMembers(room.id)).toBe(1 + 10 - refused.length);
  });

  it("turned private keep those who joined; everyone else loses them at once", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const regular = await chat.signIn();
    const passerby = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "бывшая открытая" });
    await joinRoom(chat.deps, regular.actor, regular.present, new ChannelHub().connect(regular.present), { room_id: room.id });
    chat.events.published.length = 0;

    const updated = await updateRoom(chat.deps, owner.actor, room.id, { visibility: "private" });

    expect(updated.kind).toBe("private");
    expect(chat.events.unsubscribed).toEqual([{ roomId: room.id, who: { allBut: expect.arrayContaining([owner.user.id, regular.user.id]) as unknown } }]);
    expect(published(chat, "room_access_lost")[0]?.audience).toMatchObject({ to: "everyone" });
    expect(await findRoom(chat.deps, regular.actor, room.id)).not.toBeNull();
    expect(await findRoom(chat.deps, passerby.actor, room.id)).toBeNull();
    await refusal(updateRoom(chat.deps, owner.actor, chat.defaultRoom.id, { visibility: "private" }), "forbidden");
    expect((await listAudit(chat.deps, owner.actor, room.id, {})).entries.map((entry) => [entry.action, entry.details])).toEqual([
      ["visibility_change", { visibility: "private" }],
    ]);
  });

  it("hand over ownership to a member, who may then make moderators; the old owner becomes one", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const heir = await chat.signIn();
    const other = await chat.signIn();
    const room = await privateRoom(chat, owner, heir, other);

    await refusal(updateMember(chat.deps, heir.actor, room.id, other.user.id, { role: "moderator" }), "forbidden");
    expect(await updateMember(chat.deps, owner.actor, room.id, heir.user.id, { role: "owner" })).toMatchObject({ role: "owner" });
    expect(await chat.store.getMembership(room.id, owner.user.id)).toMatchObject({ role: "moderator" });
    expect(await updateMember(chat.deps, heir.actor, room.id, other.user.id, { role: "moderator" })).toMatchObject({ role: "moderator" });
    // The old owner, now a moderator, no longer outranks the other moderator.
    await refusal(timeoutMember(chat.deps, owner.actor, room.id, { user_id: other.user.id, seconds: 60 }), "forbidden");
    await refusal(updateMember(chat.deps, heir.actor, room.id, heir.user.id, { role: "member" }), "forbidden");
    await refusal(updateMember(chat.deps, heir.actor, room.id, other.user.id, { role: "admin" }), "invalid_input");
  });

  it("members leave, moderators kick, and the owner stays; each loses the room on every connection", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const moderator = await chat.signIn();
    const leaver = await chat.signIn();
    const kicked = await chat.signIn();
    const room = await privateRoom(chat, owner, moderator, leaver, kicked);
    await updateMember(chat.deps, owner.actor, room.id, moderator.user.id, { role: "moderator" });
    chat.events.published.length = 0;

    await removeMember(chat.deps, leaver.actor, room.id, leaver.user.id);
    await removeMember(chat.deps, moderator.actor, room.id, kicked.user.id);
    await refusal(removeMember(chat.deps, moderator.actor, room.id, owner.user.id), "forbidden");
    await refusal(removeMember(chat.deps, owner.actor, room.id, owner.user.id), "forbidden");

    expect(chat.events.unsubscribed).toEqual([
      { roomId: room.id, who: { userIds: [leaver.user.id] } },
      { roomId: room.id, who: { userIds: [kicked.user.id] } },
    ]);
    expect(published(chat, "room_access_lost").map((entry) => entry.audience)).toEqual([
      { to: "users", userIds: [leaver.user.id] },
      { to: "users", userIds: [kicked.user.id] },
    ]);
    expect((await listMembers(chat.deps, owner.actor, room.id)).members.map((m) => m.id)).toEqual([owner.user.id, moderator.user.id]);
    expect((await listAudit(chat.deps, moderator.actor, room.id, {})).entries.slice(0, 2).map((entry) => entry.action)).toEqual(["kick", "leave"]);
  });
});

describe("moderation", () => {
  it("a ban removes the member, hides a public room and refuses invitations until lifted", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const troll = await chat.signIn();
    const room = await createRoom(chat.deps, owner.actor, { name: "открытая" });
    await joinRoom(chat.deps, troll.actor, troll.present, new ChannelHub().connect(troll.present), { room_id: room.id });

    await banMember(chat.deps, owner.actor, room.id, { user_id: troll.user.id, reason: "  спам  " });
    await banMember(chat.deps, owner.actor, room.id, { user_id: troll.user.id });

    expect(await chat.store.getMembership(room.id, troll.user.id)).toBeNull();
    expect(await findRoom(chat.deps, troll.actor, room.id)).toBeNull();
    expect((await listRooms(chat.deps, troll.actor)).map((r) => r.id)).not.toContain(room.id);
    await refusal(sendMessage(chat.deps, troll.actor, { room_id: room.id, content: "я снова" }), "not_found");
    expect((await listBans(chat.deps, owner.actor, room.id)).bans).toEqual([
      { user: { id: troll.user.id, username: troll.user.username }, reason: "спам", created_at: expect.any(String) as unknown },
    ]);
    expect((await listAudit(chat.deps, owner.actor, room.id, {})).entries.filter((entry) => entry.action === "ban")).toHaveLength(1);
    await unbanMember(chat.deps, owner.actor, room.id, troll.user.id);
    await refusal(unbanMember(chat.deps, owner.actor, room.id, troll.user.id), "not_found");
    expect(await findRoom(chat.deps, troll.actor, room.id)).not.toBeNull();
  });

  it("a timeout stops sending, reacting and editing until it ends; a refusal says until when", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const member = await chat.signIn();
    const room = await privateRoom(chat, owner, member);
    const message = await sendMessage(chat.deps, owner.actor, { room_id: room.id, content: "правила" });

    const timedOut = await timeoutMember(chat.deps, owner.actor, room.id, { user_id: member.user.id, seconds: 3600, reason: "остынь" });
    expect(Date.parse(timedOut.timed_out_until ?? "") - Date.now()).toBeGreaterThan(3590_000);
    const refused = await refusal(sendMessage(chat.deps, member.actor, { room_id: room.id, content: "нет" }), "forbidden");
    expect(refused.key).toBe("timed_out");
    await refusal(react(chat.deps, member.actor, "add", { message_id: message.id, emoji: "👍" }), "forbidden");
    expect((await findRoom(chat.deps, member.actor, room.id))?.permissions.send).toBe(false);
    await refusal(timeoutMember(chat.deps, owner.actor, room.id, { user_id: member.user.id, seconds: 8 * 24 * 3600 }), "invalid_input");

    await endTimeout(chat.deps, owner.actor, room.id, member.user.id);
    await sendMessage(chat.deps, member.actor, { room_id: room.id, content: "простите" });
    expect(chat.rows("messages")).toBe(2);
  });

  it("moderators delete members' messages and remove their reactions, never the owner's, and it is audited", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const moderator = await chat.signIn();
    const member = await chat.signIn();
    const room = await privateRoom(chat, owner, moderator, member);
    await updateMember(chat.deps, owner.actor, room.id, moderator.user.id, { role: "moderator" });
    const bad = await sendMessage(chat.deps, member.actor, { room_id: room.id, content: "плохое" });
    const owners = await sendMessage(chat.deps, owner.actor, { room_id: room.id, content: "объявление" });
    await react(chat.deps, member.actor, "add", { message_id: owners.id, emoji: "💩" });

    expect(await deleteMessage(chat.deps, moderator.actor, { message_id: bad.id })).toMatchObject({ deleted: true });
    await refusal(deleteMessage(chat.deps, moderator.actor, { message_id: owners.id }), "forbidden");
    expect(await removeReactionOf(chat.deps, moderator.actor, room.id, { message_id: owners.id, emoji: "💩" }, member.user.id)).toMatchObject({ reactions: [] });
    await refusal(removeReactionOf(chat.deps, member.actor, room.id, { message_id: owners.id, emoji: "💩" }, moderator.user.id), "forbidden");
    const entries = (await listAudit(chat.deps, owner.actor, room.id, {})).entries;
    expect(entries.slice(0, 2).map((entry) => [entry.action, entry.actor?.id, entry.target?.id, entry.details])).toEqual([
      ["reaction_remove", moderator.user.id, member.user.id, { message_id: owners.id, emoji: "💩" }],
      ["message_delete", moderator.user.id, member.user.id, { message_id: bad.id }],
    ]);
    await refusal(listAudit(chat.deps, member.actor, room.id, {}), "forbidden");
  });

  it("a site admin moderates every public room, and no private one they are not in", async () => {
    const chat = await openChat();
    const owner = await chat.signIn();
    const admin = await chat.signIn();
    const member = await chat.signIn();
    await chat.store.setUserRole(admin.user.id, "admin");
    const open = await createRoom(chat.deps, owner.actor, { name: "открытая" });
    const closed = await privateRoom(chat, owner, member);
    await joinRoom(chat.deps, member.actor, member.present, new ChannelHub().connect(member.present), { room_id: open.id });
    const message = await sendMessage(chat.deps, owner.actor, { room_id: open.id, content: "владелец" });

    expect((await findRoom(chat.deps, admin.actor, open.id))?.permissions).toMatchObject({ moderate: true, manage_members: true, delete: true });
    await deleteMessage(chat.deps, admin.actor, { message_id: message.id });
    await timeoutMember(chat.deps, admin.actor, open.id, { user_id: member.user.id, seconds: 60 });
    await refusal(banMember(chat.deps, admin.actor, open.id, { user_id: owner.user.id }), "forbidden");
    // Moderating a public room is not owning it.
    await refusal(updateMember(chat.deps, admin.actor, open.id, member.user.id, { role: "owner" }), "forbidden");
    expect(await chat.store.getMembership(open.id, owner.user.id)).toMatchObject({ role: "owner" });
    await refusal(listMembers(chat.deps, admin.actor, closed.id), "not_found");
  });
});

describe("direct conversations", () => {
  it("the same people always find the same conversation, whoever opens it and however often", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const boris = await chat.signIn();
    const vera = await chat.signIn();

    const opened = await openDirect(chat.deps, anna.actor, { usernames: [boris.user.username] });
    const again = await Promise.all([
      openDirect(chat.deps, boris.actor, { usernames: [anna.user.username] }),
      openDirect(chat.deps, anna.actor, { usernames: [boris.user.username, anna.user.username] }),
    ]);
    expect(opened.created).toBe(true);
    expect(again.map((result) => [result.room.id, result.created])).toEqual([
      [opened.room.id, false],
      [opened.room.id, false],
    ]);
    expect(opened.room).toMatchObject({ kind: "direct", name: "", my_role: null, permissions: { send: true, leave: false, invite: false, manage: false } });
    expect(opened.room.members?.map((m) => m.id)).toEqual([anna.user.id, boris.user.id]);
    expect(published(chat, "room_created").map((entry) => entry.audience)).toEqual([{ to: "users", userIds: [anna.user.id, boris.user.id] }]);

    const group = await openDirect(chat.deps, anna.actor, { usernames: [boris.user.username, vera.user.username] });
    expect(group.room.id).not.toBe(opened.room.id);
    expect(group.room.permissions).toMatchObject({ invite: true, leave: true });
    await refusal(openDirect(chat.deps, anna.actor, { usernames: ["no_such_person"] }), "not_found");
    await refusal(openDirect(chat.deps, anna.actor, { usernames: [anna.user.username] }), "invalid_input");
    await refusal(openDirect(chat.deps, anna.actor, { usernames: Array.from({ length: 10 }, (_, i) => `p${i}`) }), "invalid_input");
  });

  it("a block closes a one-to-one conversation both ways, and reopens it when lifted", async () => {
    const chat = await openChat();
    const anna = await chat.signIn();
    const boris = await chat.signIn();
    const { room } = await openDirect(chat.deps, anna.actor, { usernames: [boris.user.username] });

    await setBlocked(chat.deps, boris.actor, String(anna.user.id), true);
    for (const [who, to] of [
      [anna, boris],
      [boris, anna],
    ] as const) {
      expect((await refusal(sendMessage(chat.deps, who.actor, { room_id: room.id, content: "эй" }), "forbidden")).key).toBe("blocked_conversation");
      await refusal(openDirect(chat.deps, who.actor, { usernames: [to.user.username] }), "forbidden");
    }
    expect((await getProfile(chat.deps, boris.actor, String(anna.user.id))).blocked).toBe(true);
    expect((await getProfile(chat.deps, anna.actor, String(boris.user.id))).blocked).toBe(false);
    await refusal(setBlocked(chat.deps, anna.actor, String(anna.user.id), true), "invalid_input");

    await setBlocked(chat.deps, boris.actor, String(anna.user.id), false);
    await sendMessage(chat.deps, anna.actor, { room_id: room.id, content: "мир" });
    expect(chat.rows("messages")).toBe(1);
  });

  it("a profile carries the city's time zone when it is known", async () => {
    const chat = await openChat();
    const reader = await chat.signIn();
    const muscovite = await chat.signIn();
    await chat.store.updateUserProfile(muscovite.user.id, { city: "Москва" });
    const profile = await getProfile(chat.deps, reader.actor, String(muscovite.user.id));
    expect(profile).toMatchObject({ id: muscovite.user.id, city: "Москва", time_zone: "Europe/Moscow", blocked: false, online: false });
    chat.events.connected.add(muscovite.user.id);
    expect((await getProfile(chat.deps, reader.actor, String(muscovite.user.id))).online).toBe(true);
    await refusal(getProfile(chat.deps, reader.actor, "999999"), "not_found");
  });
});
