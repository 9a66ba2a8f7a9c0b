import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signUp } from "./pages/auth";
import { ANY, anyIn, ChatRoomPage, createRoomViaApi, uniqueRoomName } from "./pages/chat-room";

const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/u;

/** Sent through the composer; each is shown as `text`, goes to `href`, and names `host` beside it (or nothing). */
const LINKS = [
  { sent: "https://evil.example/\u202Egpj.exe", text: "https://evil.example/%E2%80%AEgpj.exe", host: "evil.example" },
  { sent: "https://exаmple.com", text: "https://xn--exmple-4nf.com", host: "xn--exmple-4nf.com" },
  { sent: "https://google.com@evil.example/", text: "https://google.com@evil.example/", host: "evil.example" },
  { sent: "https://example.com/path?q=1", text: "https://example.com/path?q=1", host: null },
];

async function expectRealHostShown(chat: ChatRoomPage, row: Locator, link: (typeof LINKS)[number]) {
  const anchor = row.getByRole("link");
  await expect(anchor).toHaveAttribute("href", new URL(link.sent).href);
  await expect(anchor).toHaveText(link.text);
  expect(await anchor.evaluate((a) => a.textContent ?? "")).not.toMatch(INVISIBLE);
  const badge = row.getByTitle(anyIn(chat.say.chat("link.caution", { reasons: ANY })));
  if (link.host === null) {
    await expect(badge).toHaveCount(0);
    return;
  }
  await expect(badge).toBeVisible();
  await expect(badge.getByText(link.host, { exact: true })).toBeVisible();
  expect(await badge.evaluate((el) => el.textContent ?? "")).not.toMatch(INVISIBLE);
  // What a screen reader hears: the sentence, not the arrow.
  await expect(badge).toMatchAriaSnapshot(`- text: ${chat.say.chat("link.leads_to")} ${link.host}`);
}

test("links that could lie show where they really go, to the other user too", async ({ newSession }) => {
  const a = await newSession();
  const b = await newSession();
  await signUp(a.page);
  await signUp(b.page);
  const room = await createRoomViaApi(a.page.request, uniqueRoomName("ссылки"));
  const chatA = new ChatRoomPage(a.page);
  const chatB = new ChatRoomPage(b.page);
  await chatA.goto(room.id);
  await chatB.goto(room.id);

  for (const link of LINKS) await chatA.send(link.sent);
  await expect(chatA.messageRows()).toHaveCount(LINKS.length);

  for (const chat of [chatB, chatA]) {
    await expect(chat.messageRows()).toHaveCount(LINKS.length);
    for (const [index, link] of LINKS.entries()) await expectRealHostShown(chat, chat.messageRows().nth(index), link);
  }
});
