import { createTranslator } from "use-intl/core";
import { expect, test } from "vitest";
import { CATALOGUE } from "@/lib/i18n/catalogue";
import { room } from "./testing/fixtures";
import { roomDisplayName, roomTitle } from "./room-param";

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
