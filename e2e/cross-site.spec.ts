import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { expect, test, type TestUser } from "./fixtures";
import { ChatPage, ConfirmLogoutPage, LoginPage, signUp } from "./pages/auth";
import type { RoomDto } from "./pages/chat-room";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A form that posts `json` as text/plain, which needs no preflight: the browser writes
 * `name=value`, so the name carries the JSON up to a padding field that swallows the "=".
 */
function plainTextForm(action: string, json: Record<string, string>): string {
  const text = JSON.stringify({ ...json, pad: "" });
  const name = text.slice(0, -2);
  return `<form method="post" enctype="text/plain" action="${escapeHtml(action)}">
<input type="hidden" name="${escapeHtml(name)}" value='"}'></form>
<script>document.forms[0].submit()</script>`;
}

/** The attacker's site: pages made from the query string, on a port (and so an origin) of its own. */
function startAttacker(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://attacker");
    const target = url.searchParams.get("target") ?? "";
    const pages: Record<string, string> = {
      "/form": plainTextForm(target, JSON.parse(url.searchParams.get("json") ?? "{}") as Record<string, string>),
      "/image": `<img src="${escapeHtml(target)}" alt="">`,
      "/link": `<a href="${escapeHtml(target)}">Смешные котики</a>`,
    };
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><meta charset="utf-8"><title>attacker</title>${pages[url.pathname] ?? ""}`);
  });
  // No host: both 127.0.0.1 (the app's own site) and localhost (another site) reach it.
  return new Promise((resolve) => server.listen(0, () => resolve(server)));
}

let attacker: Server;
let attackerPort: number;

test.beforeAll(async () => {
  attacker = await startAttacker();
  attackerPort = (attacker.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

const appUrl = (page: Page, path: string) => new URL(path, page.url()).toString();

async function defaultRoomId(page: Page): Promise<number> {
  const rooms = (await (await page.request.get("/api/rooms")).json()) as RoomDto[];
  const room = rooms.find((candidate) => candidate.is_default);
  if (!room) throw new Error("no default room");
  return room.id;
}

async function expectStillSignedIn(page: Page, user: TestUser) {
  expect((await page.request.get("/api/rooms")).status()).toBe(200);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.expectSignedIn(user);
}

test.describe("another origin of the same site (127.0.0.1 on another port)", () => {
  test("cannot post, create rooms or sign out everywhere with a text/plain form", async ({ page }) => {
    const user = await signUp(page);
    const roomId = await defaultRoomId(page);
    const content = `подделка ${user.username}`;
    const roomName = `чужая-${user.username}`;
    const forms = [
      { target: appUrl(page, `/api/messages/${roomId}`), json: { content } },
      { target: appUrl(page, "/api/rooms"), json: { name: roomName } },
      { target: appUrl(page, "/logout/everywhere"), json: {} },
    ];

    for (const { target, json } of forms) {
      const posted = page.waitForResponse((response) => response.url() === target && response.request().method() === "POST");
      const query = new URLSearchParams({ target, json: JSON.stringify(json) });
      await page.goto(`http://127.0.0.1:${attackerPort}/form?${query.toString()}`);
      const response = await posted;
      expect(response.request().headers()["content-type"]).toBe("text/plain");
      expect({ target, status: response.status() }).toEqual({ target, status: 403 });
    }

    const messages = (await (await page.request.get(`/api/messages/${roomId}?limit=100`)).json()) as { content: string }[];
    expect(messages.map((message) => message.content)).not.toContain(content);
    const rooms = (await (await page.request.get("/api/rooms")).json()) as RoomDto[];
    expect(rooms.map((room) => room.name)).not.toContain(roomName);
    await expectStillSignedIn(page, user);
  });

  test("cannot sign the user out with an image pointing at /logout", async ({ page }) => {
    const user = await signUp(page);
    const target = appUrl(page, "/logout");
    const loaded = page.waitForResponse((response) => response.url() === target);
    await page.goto(`http://127.0.0.1:${attackerPort}/image?${new URLSearchParams({ target }).toString()}`);
    const response = await loaded;
    expect((await response.request().allHeaders())["sec-fetch-dest"]).toBe("image");
    expect(response.status()).toBe(303);
    expect(response.headers()["location"]).toBe("/logout/confirm");
    await expectStillSignedIn(page, user);
  });
});

test.describe("another site (localhost)", () => {
  test("a link to /logout asks first, and «Выйти» there signs out", async ({ page }) => {
    const user = await signUp(page);
    const target = appUrl(page, "/logout");
    await page.goto(`http://localhost:${attackerPort}/link?${new URLSearchParams({ target }).toString()}`);
    await page.getByRole("link", { name: "Смешные котики" }).click();

    const confirm = new ConfirmLogoutPage(page);
    await confirm.expectShown();
    await expect(page.getByText(`Вы вошли как ${user.username}.`)).toBeVisible();
    expect((await page.request.get("/api/rooms")).status()).toBe(200);

    await confirm.confirm.click();
    await new LoginPage(page).expectShown();
    expect((await page.request.get("/api/rooms")).status()).toBe(401);
    await new ChatPage(page).goto();
    await new LoginPage(page).expectShown();
  });
});

test("the in-app «Выйти» still signs out at once", async ({ page }) => {
  await signUp(page);
  await new ChatPage(page).logout();
  expect((await page.request.get("/api/rooms")).status()).toBe(401);
});
