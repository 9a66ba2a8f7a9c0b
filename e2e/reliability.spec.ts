import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signUp } from "./pages/auth";
import {
  ChatRoomPage,
  createRoomViaApi,
  outboxInStorage,
  postMessageViaApi,
  SocketLink,
  storedMessages,
  uniqueRoomName,
} from "./pages/chat-room";

const DESKTOP = { width: 1280, height: 800 };

/** A signed-up user whose socket runs through a SocketLink, in a fresh room. */
async function linkedChat(page: Page) {
  await page.setViewportSize(DESKTOP);
  const user = await signUp(page);
  const room = await createRoomViaApi(page.request, uniqueRoomName("надёжность"));
  const link = await SocketLink.attach(page);
  const chat = new ChatRoomPage(page);
  await chat.goto(room.id);
  return { user, room, link, chat };
}

test.describe("delivery", () => {
  test("messages typed while offline wait as pending, then arrive once and in order, for the sender and the others", async ({
    page,
    newSession,
  }) => {
    const { room, link, chat } = await linkedChat(page);
    const b = await newSession({ viewport: DESKTOP });
    await signUp(b.page);
    const chatB = new ChatRoomPage(b.page);
    await chatB.goto(room.id);

    await link.goOffline();
    await expect(chat.connectionLost).toBeVisible();
    await chat.send("офлайн первое");
    await chat.send("офлайн второе");
    for (const text of ["офлайн первое", "офлайн второе"]) {
      await expect(chat.message(text)).toHaveAttribute("aria-busy", "true");
      await expect(chat.retryButton(chat.message(text))).toHaveCount(0);
    }
    expect(link.sends).toHaveLength(0);
    expect(await storedMessages(page.request, room.id, "офлайн первое")).toHaveLength(0);

    await link.goOnline();
    for (const text of ["офлайн первое", "офлайн второе"]) {
      await expect(chat.message(text)).not.toHaveAttribute("aria-busy", "true");
      await expect(chat.message(text)).toHaveCount(1);
      await expect(chatB.message(text)).toHaveCount(1);
    }
    // Resent oldest first, so the server stored them in the order they were typed.
    await expect(chatB.message(/офлайн (первое|второе)/)).toHaveText([/офлайн первое/, /офлайн второе/]);
    const [first] = await storedMessages(page.request, room.id, "офлайн первое");
    const [second] = await storedMessages(page.request, room.id, "офлайн второе");
    expect(first?.id).toBeLessThan(second?.id ?? 0);
    expect(await storedMessages(page.request, room.id, "офлайн первое")).toHaveLength(1);
    expect(await storedMessages(page.request, room.id, "офлайн второе")).toHaveLength(1);
    await expect.poll(() => outboxInStorage(page)).toEqual([]);
  });

  test("a message whose send never reached the server survives a reload and is sent with the same client_id", async ({ page }) => {
    const { room, link, chat } = await linkedChat(page);
    link.dropSends = true;
    await chat.send("пережило перезагрузку");
    await expect(chat.message("пережило перезагрузку")).toHaveAttribute("aria-busy", "true");
    await expect.poll(() => link.sends.length).toBe(1);
    const clientId = link.sends[0]?.payload.client_id;
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(await outboxInStorage(page)).toEqual([expect.objectContaining({ client_id: clientId, content: "пережило перезагрузку" })]);

    await page.reload();
    // Restored from sessionStorage: the server has never seen it, yet it is on screen, pending.
    await expect(chat.message("пережило перезагрузку")).toHaveAttribute("aria-busy", "true");
    expect(await storedMessages(page.request, room.id, "пережило перезагрузку")).toHaveLength(0);

    link.dropSends = false;
    await link.reconnect();
    await expect(chat.message("пережило перезагрузку")).not.toHaveAttribute("aria-busy", "true");
    await expect(chat.message("пережило перезагрузку")).toHaveCount(1);
    const stored = await storedMessages(page.request, room.id, "пережило перезагрузку");
    expect(stored).toHaveLength(1);
    expect(stored[0]?.client_id).toBe(clientId);
    expect(new Set(link.sends.map((s) => s.payload.client_id))).toEqual(new Set([clientId]));
    await expect.poll(() => outboxInStorage(page)).toEqual([]);

    await page.reload();
    await expect(chat.message("пережило перезагрузку")).toHaveCount(1);
    await expect(chat.message("пережило перезагрузку")).not.toHaveAttribute("aria-busy", "true");
  });

  test("a message stored but never acknowledged is resent after a reload and still stored once", async ({ page }) => {
    const { room, link, chat } = await linkedChat(page);
    link.dropDeliveries = true;
    await chat.send("ack потерялся");
    await expect.poll(() => storedMessages(page.request, room.id, "ack потерялся")).toHaveLength(1);
    await expect(chat.message("ack потерялся")).toHaveAttribute("aria-busy", "true");
    const clientId = link.sends[0]?.payload.client_id;
    expect(await outboxInStorage(page)).toEqual([expect.objectContaining({ client_id: clientId })]);

    link.dropDeliveries = false;
    await page.reload();
    // The resend after the reload carries the same client_id, and the server acknowledges its stored copy.
    await expect.poll(() => link.sends.length).toBeGreaterThanOrEqual(2);
    expect(new Set(link.sends.map((s) => s.payload.client_id))).toEqual(new Set([clientId]));
    await expect.poll(() => outboxInStorage(page)).toEqual([]);
    await expect(chat.message("ack потерялся")).toHaveCount(1);
    await expect(chat.message("ack потерялся")).not.toHaveAttribute("aria-busy", "true");
    expect(await storedMessages(page.request, room.id, "ack потерялся")).toHaveLength(1);
  });

  test("rate_limited is waited out for retry_after_ms, pending meanwhile, then sent once", async ({ page }) => {
    const { room, link, chat } = await linkedChat(page);
    const retryAfterMs = 1_500;
    link.answerSend = (frame) =>
      link.sends.indexOf(frame) === 0
        ? { ok: false, error: { code: "rate_limited", message: "Слишком часто", retry_after_ms: retryAfterMs } }
        : null;
    await chat.send("подожду лимит");
    await expect(chat.message("подожду лимит")).toHaveAttribute("aria-busy", "true");
    await expect(chat.message("подожду лимит")).not.toHaveAttribute("aria-busy", "true", { timeout: 10_000 });
    await expect(chat.retryButton(chat.message("подожду лимит"))).toHaveCount(0);
    expect(link.sends).toHaveLength(2);
    const [refused, accepted] = link.sends;
    expect(accepted?.payload.client_id).toBe(refused?.payload.client_id);
    expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(retryAfterMs - 100);
    expect(await storedMessages(page.request, room.id, "подожду лимит")).toHaveLength(1);
  });

  test("a message the server refuses for good offers to retry or delete it", async ({ page }) => {
    const { room, link, chat } = await linkedChat(page);
    const refusal = "Сообщение отклонено";
    link.answerSend = () => ({ ok: false, error: { code: "invalid_input", message: refusal } });
    await chat.send("отклонённое");
    const row = chat.message("отклонённое");
    await expect(row).toContainText(chat.say.chat("message.not_sent_because", { error: refusal }));
    await expect(row.getByRole("button", { name: chat.say.chat("message.discard") })).toBeVisible();
    expect(link.sends).toHaveLength(1);

    link.answerSend = null;
    await chat.retryButton(row).click();
    await expect(chat.retryButton(row)).toHaveCount(0);
    await expect(row).not.toHaveAttribute("aria-busy", "true");
    expect(link.sends).toHaveLength(2);
    expect(await storedMessages(page.request, room.id, "отклонённое")).toHaveLength(1);
  });

  test("catching up after a reconnect keeps retrying while the server answers 503", async ({ page }) => {
    const { room, link, chat } = await linkedChat(page);
    let refusals = 0;
    await page.route((url) => url.pathname === `/api/messages/${room.id}`, async (route) => {
      if (new URL(route.request().url()).searchParams.has("changed_after") && refusals < 2) {
        refusals++;
        return route.fulfill({ status: 503, json: { error: "Сервер запускается", code: "shutting_down" } });
      }
      return route.continue();
    });

    await link.goOffline();
    await postMessageViaApi(page.request, room.id, "пока сервер просыпался");
    await link.goOnline();
    await expect(chat.message("пока сервер просыпался")).toHaveCount(1, { timeout: 15_000 });
    expect(refusals).toBe(2);
    await expect(page.getByText("Сервер запускается")).toHaveCount(0);
  });
});
