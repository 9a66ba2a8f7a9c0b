import { createTranslator } from "use-intl/core";
import { expect, test } from "vitest";
import { CATALOGUE } from "@/lib/i18n/catalogue";
import type { PresenceUserDto } from "@/lib/chat/dto";
import { ME, OTHERS, direct, room } from "./testing/fixtures";
import { roomDisplayName, roomTitle, sidebarRooms } from "./room-param";

const reader = (locale: "ru" | "en") => createTranslator({ locale, messages: CATALOGUE[locale] });

test("the default room is named in the reader's language, whatever name it is stored under", () => {
  const general = room(1, { name: "Общий чат", is_default: true });
  expect(roomDisplayName(general, reader("ru"))).toBe("Общий чат");
  expect(roomDisplayName(general, reader("en"))).toBe("General");
  expect(roomTitle(general, reader("en"))).toBe("#General");
});

test("any other room is named as it was stored, in every language", () => {
  const kitchen = room(2, { name: "кухня" });
  expect(roomDisplayName(kitchen, reader("en"))).toBe("кухня");
  expect(roomTitle(kitchen, reader("ru"))).toBe("#кухня");
});

test("a room that is not there gets a title all the same", () => {
  expect(roomTitle(null, reader("ru"))).toBe("Комната не найдена");
  expect(roomTitle(null, reader("en"))).toBe("Room not found");
});

test("a conversation is named after the other people in it, and titled with @", () => {
  const [boris, vera] = OTHERS as [PresenceUserDto, PresenceUserDto];
  expect(roomDisplayName(direct(20, [boris]), reader("ru"), ME.id)).toBe("борис");
  expect(roomDisplayName(direct(21, [boris, vera]), reader("en"), ME.id)).toBe("борис, вера");
  expect(roomTitle(direct(20, [boris]), reader("ru"), ME.id)).toBe("@борис");
  // Everyone else left a group conversation.
  expect(roomDisplayName(direct(22, []), reader("ru"), ME.id)).toBe("Только вы");
  expect(roomDisplayName(direct(22, []), reader("en"), ME.id)).toBe("Just you");
});

test("the sidebar lists conversations by their latest message, the empty ones last, and rooms in the list's order", () => {
  const [boris, vera] = OTHERS as [PresenceUserDto, PresenceUserDto];
  const quiet = direct(30, [boris]);
  const older = direct(31, [vera], { last_message_id: 7 });
  const newer = direct(32, [boris, vera], { last_message_id: 90 });
  const general = room(1, { is_default: true });
  const secret = room(5, { kind: "private" });
  const { direct: conversations, rooms } = sidebarRooms([general, secret, quiet, older, newer]);
  expect(conversations.map((r) => r.id)).toEqual([32, 31, 30]);
  expect(rooms.map((r) => r.id)).toEqual([1, 5]);
});
