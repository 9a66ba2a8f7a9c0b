import { describe, expect, test } from "vitest";
import { MAX_REACTIONS } from "@/lib/chat/schemas";
import { EMPTY_TIMELINE, type RoomTimeline } from "./chat-state";
import { canDelete, canEdit, canReactWith, lastEditable } from "./message-rights";
import { ME, MEMBER_PERMISSIONS, OTHERS, message, room } from "./testing/fixtures";

const BORIS = OTHERS[0] ?? ME;
const member = room(10, { my_role: "member", permissions: MEMBER_PERMISSIONS });
const moderator = room(10, { my_role: "moderator", permissions: { ...MEMBER_PERMISSIONS, manage_members: true, moderate: true } });
const owner = room(10);
const siteAdmin = room(10, { my_role: null, permissions: { ...MEMBER_PERMISSIONS, manage_members: true, moderate: true, leave: false } });

describe("what a message offers", () => {
  test("only its author edits it, and nobody edits a tombstone", () => {
    expect(canEdit(message(1, ME), ME.id)).toBe(true);
    expect(canEdit(message(1, BORIS), ME.id)).toBe(false);
    expect(canEdit(message(1, ME, { deleted: true, content: "" }), ME.id)).toBe(false);
  });

  test("its author deletes it, and so does whoever moderates the room", () => {
    expect(canDelete(message(1, ME), ME.id, member)).toBe(true);
    expect(canDelete(message(1, BORIS), ME.id, member)).toBe(false);
    expect(canDelete(message(1, BORIS), ME.id, moderator)).toBe(true);
    expect(canDelete(message(1, BORIS, { deleted: true }), ME.id, moderator)).toBe(false);
  });

  test("a moderator deletes the messages of members only; the owner those of moderators too; a site admin anyone's", () => {
    expect(canDelete(message(1, BORIS), ME.id, moderator, "member")).toBe(true);
    expect(canDelete(message(1, BORIS), ME.id, moderator, null)).toBe(true);
    expect(canDelete(message(1, BORIS), ME.id, moderator, "moderator")).toBe(false);
    expect(canDelete(message(1, BORIS), ME.id, moderator, "owner")).toBe(false);
    expect(canDelete(message(1, BORIS), ME.id, owner, "moderator")).toBe(true);
    expect(canDelete(message(1, BORIS), ME.id, siteAdmin, "owner")).toBe(true);
  });

  test("a new reaction fits while the message has fewer distinct ones than the limit; one already there always does", () => {
    const full = Array.from({ length: MAX_REACTIONS }, (_, i) => ({ emoji: String.fromCodePoint(0x1f600 + i), count: 1, me: false }));
    expect(canReactWith(full.slice(1), "🔥")).toBe(true);
    expect(canReactWith(full, "🔥")).toBe(false);
    expect(canReactWith(full, full[3]?.emoji ?? "")).toBe(true);
  });
});

describe("↑ in an empty composer", () => {
  const timeline = (over: Partial<RoomTimeline>): RoomTimeline => ({ ...EMPTY_TIMELINE, loaded: true, ...over });

  test("edits my newest message, passing over others' messages, tombstones and one I am deleting", () => {
    const messages = [message(1, ME), message(2, ME), message(3, ME, { deleted: true, content: "" }), message(4, ME), message(5, BORIS)];
    expect(lastEditable(timeline({ messages }), ME.id)?.id).toBe(4);
    expect(lastEditable(timeline({ messages, changes: { 4: { deleting: true } } }), ME.id)?.id).toBe(2);
  });

  test("finds nothing when I have written nothing here", () => {
    expect(lastEditable(timeline({ messages: [message(1, BORIS)] }), ME.id)).toBeNull();
  });
});
