import { expect, test } from "./fixtures";
import { signUp } from "./pages/auth";
import { createRoomViaApi, uniqueRoomName, type RoomDto } from "./pages/chat-room";
import { participant, type NewSession, type Participant } from "./pages/conversation";

/** Someone typing shows on the others' screens within this (one signal, one relay). */
const SHOWN_WITHIN_MS = 2_000;
/** An ended signal, an emptied composer or an arrived message: "at once", allowing a socket round trip. */
const ENDED_WITHIN_MS = 1_000;

/** Signs `count` people up, each in a browser of their own, and opens one room for all of them. */
async function people(newSession: NewSession, count: number, room?: RoomDto): Promise<{ room: RoomDto; cast: Participant[] }> {
  const cast: Participant[] = [];
  for (let index = 0; index < count; index++) {
    const { page } = await newSession({ viewport: { width: 1280, height: 800 } });
    const user = await signUp(page);
    cast.push(participant(page, user.username));
  }
  const [first] = cast;
  if (!first) throw new Error("nobody to open the room");
  const opened = room ?? (await createRoomViaApi(first.chat.page.request, uniqueRoomName("typing")));
  for (const person of cast) await person.chat.goto(opened.id);
  return { room: opened, cast };
}

test.describe("who is typing", () => {
  test("shows on the other's screen, never on the typist's own, and ends at once when the composer empties", async ({ newSession }) => {
    const {
      cast: [anna, boris],
    } = await people(newSession, 2);
    if (!anna || !boris) throw new Error("two people");

    await boris.chat.composer.fill("Привет");
    await expect(anna.typing.of([boris.username])).toBeVisible({ timeout: SHOWN_WITHIN_MS });
    await expect(anna.typing.of([boris.username])).toHaveText(`${boris.username} печатает…`);
    await expect(boris.typing.any()).toHaveCount(0);

    await boris.chat.composer.fill("");
    await expect(anna.typing.any()).toHaveCount(0, { timeout: ENDED_WITHIN_MS });
    await expect(boris.typing.any()).toHaveCount(0);
  });

  test("ends when the typist's message arrives", async ({ newSession }) => {
    const {
      cast: [anna, boris],
    } = await people(newSession, 2);
    if (!anna || !boris) throw new Error("two people");

    await boris.chat.composer.fill("Уже отправляю");
    await expect(anna.typing.of([boris.username])).toBeVisible({ timeout: SHOWN_WITHIN_MS });
    await boris.chat.composer.press("Enter");
    await expect(anna.chat.message("Уже отправляю")).toBeVisible();
    await expect(anna.typing.any()).toHaveCount(0, { timeout: ENDED_WITHIN_MS });
  });

  test("ends about 8 s after the typist went quiet", async ({ newSession }) => {
    const {
      cast: [anna, boris],
    } = await people(newSession, 2);
    if (!anna || !boris) throw new Error("two people");

    const typedAt = Date.now();
    await boris.chat.composer.fill("Думаю…");
    await expect(anna.typing.of([boris.username])).toBeVisible({ timeout: SHOWN_WITHIN_MS });
    await expect(anna.typing.any()).toHaveCount(0, { timeout: 12_000 });
    const shownFor = Date.now() - typedAt;
    expect(shownFor).toBeGreaterThan(7_000);
    expect(shownFor).toBeLessThan(10_500);
    await expect(boris.chat.composer).toHaveValue("Думаю…");
  });

  test("names one, then two people, then says several", async ({ newSession }) => {
    const {
      cast: [anna, boris, vera, gleb],
    } = await people(newSession, 4);
    if (!anna || !boris || !vera || !gleb) throw new Error("four people");

    await boris.chat.composer.fill("раз");
    await expect(anna.typing.of([boris.username])).toBeVisible({ timeout: SHOWN_WITHIN_MS });
    await vera.chat.composer.fill("два");
    await expect(anna.typing.of([boris.username, vera.username])).toBeVisible({ timeout: SHOWN_WITHIN_MS });
    await expect(anna.typing.of([boris.username, vera.username])).toHaveText(/^u_\w+ и u_\w+ печатают…$/);
    await gleb.chat.composer.fill("три");
    await expect(anna.typing.of([boris.username, vera.username, gleb.username])).toHaveText("Несколько человек печатают…", {
      timeout: SHOWN_WITHIN_MS,
    });
    // Boris sees the other two, never himself.
    await expect(boris.typing.of([vera.username, gleb.username])).toBeVisible();
  });

  test("is worded in English for a reader whose browser asks for it", async ({ newSession }) => {
    const {
      room,
      cast: [russian, boris, vera],
    } = await people(newSession, 3);
    if (!russian || !boris || !vera) throw new Error("three people");
    // The same account in a browser that asks for English: no saved choice, so the browser's language decides.
    const english = await newSession({ viewport: { width: 1280, height: 800 }, locale: "en-US", storageState: await russian.chat.page.context().storageState() });
    const anna = participant(english.page, russian.username, "en");
    await anna.chat.goto(room.id);

    await boris.chat.composer.fill("hello");
    await expect(anna.typing.of([boris.username])).toHaveText(`${boris.username} is typing…`, { timeout: SHOWN_WITHIN_MS });
    await vera.chat.composer.fill("hi");
    await expect(anna.typing.of([boris.username, vera.username])).toHaveText(/^u_\w+ and u_\w+ are typing…$/, { timeout: SHOWN_WITHIN_MS });
    await boris.chat.composer.fill("");
    await expect(anna.typing.of([vera.username])).toHaveText(`${vera.username} is typing…`, { timeout: ENDED_WITHIN_MS });
  });
});
