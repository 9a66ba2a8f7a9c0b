import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ChatPage, LoginPage, signUp } from "./pages/auth";
import { ChatRoomPage, createRoomViaApi, uniqueRoomName } from "./pages/chat-room";

const DESKTOP = { width: 1280, height: 800 };

const draftsInStorage = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("discock:draft:")));

/** Everything the browser reports as broken while the test runs: console errors, failed and 4xx/5xx requests. */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Leaving a page cancels what it still had in flight (its socket's long-poll); that is not a broken link.
    if (request.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(body: Buffer): string {
  expect(body.subarray(1, 4).toString("latin1")).toBe("PNG");
  return `${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`;
}

test.describe("drafts", () => {
  test("a room's unsent text survives a reload, stays in its room and account, and goes when sent", async ({ newSession }) => {
    const { page } = await newSession({ viewport: DESKTOP });
    await signUp(page);
    const first = await createRoomViaApi(page.request, uniqueRoomName("черновики"));
    const second = await createRoomViaApi(page.request, uniqueRoomName("черновики"));
    const chat = new ChatRoomPage(page);

    await chat.goto(first.id);
    await chat.composer.fill("первая строка\nвторая строка");
    await chat.goto(second.id);
    await expect(chat.composer).toHaveValue("");
    await chat.composer.fill("в другой комнате");
    await page.reload();
    await expect(chat.composer).toHaveValue("в другой комнате");
    await chat.roomLink(first.name).click();
    await chat.expectRoom(first.name);
    await expect(chat.composer).toHaveValue("первая строка\nвторая строка");

    await chat.composer.press("Enter");
    await expect(chat.message("вторая строка")).toHaveCount(1);
    await expect(chat.composer).toHaveValue("");
    await page.reload();
    await expect(chat.message("вторая строка")).toHaveCount(1);
    await expect(chat.composer).toHaveValue("");
    expect(await draftsInStorage(page)).toHaveLength(1);

    // Another account in the same browser: the first one's draft is still stored, and not shown.
    await new ChatPage(page).logout();
    await signUp(page);
    await chat.goto(second.id);
    await expect(chat.composer).toHaveValue("");
    expect(await draftsInStorage(page)).toHaveLength(1);
  });
});

test.describe("places", () => {
  test("/ and /chat open the room this account had open last; once it is deleted, the default room", async ({ newSession }) => {
    const a = await newSession({ viewport: DESKTOP });
    const b = await newSession({ viewport: DESKTOP });
    await signUp(a.page);
    await signUp(b.page);
    const kept = await createRoomViaApi(a.page.request, uniqueRoomName("место"));
    const last = await createRoomViaApi(a.page.request, uniqueRoomName("место"));
    const chat = new ChatRoomPage(a.page);
    await chat.goto(kept.id);
    await chat.roomLink(last.name).click();
    await chat.expectRoom(last.name);

    for (const entry of ["/", "/chat"]) {
      await a.page.goto(entry);
      await expect(a.page).toHaveURL(/\/chat$/);
      await chat.expectRoom(last.name);
    }
    // The server rendered it, not a redirect nor a script after the page loaded.
    const html = await (await a.page.request.get("/chat", { maxRedirects: 0 })).text();
    expect(html).toContain(`<title>${chat.tabTitle(last.name)}</title>`);

    // Every account has its own: another browser, and another account in this one, open the default room.
    const other = new ChatRoomPage(b.page);
    await other.goto();
    await other.expectRoom(other.defaultRoom);
    await chat.roomLink(kept.name).click();
    await chat.expectRoom(kept.name);
    const response = await a.page.request.delete(`/api/rooms/${kept.id}`);
    expect(response.status()).toBe(200);
    await a.page.goto("/chat");
    await chat.expectRoom(chat.defaultRoom);
    await expect(a.page).toHaveTitle(chat.tabTitle(chat.defaultRoom));
  });

  test("another account signed in in the same browser does not open the first one's room", async ({ newSession }) => {
    const { page } = await newSession({ viewport: DESKTOP });
    await signUp(page);
    const room = await createRoomViaApi(page.request, uniqueRoomName("чужое"));
    const chat = new ChatRoomPage(page);
    await chat.goto(room.id);
    await new ChatPage(page).logout();
    await signUp(page);
    await chat.goto();
    await chat.expectRoom(chat.defaultRoom);
  });

  test("the tab title names the room and follows a switch and a rename", async ({ newSession }) => {
    const { page } = await newSession({ viewport: DESKTOP });
    await signUp(page);
    const first = await createRoomViaApi(page.request, uniqueRoomName("заголовок"));
    const second = await createRoomViaApi(page.request, uniqueRoomName("заголовок"));
    const chat = new ChatRoomPage(page);
    await chat.goto(first.id);
    await expect(page).toHaveTitle(chat.tabTitle(first.name));

    await chat.roomLink(second.name).click();
    await expect(page).toHaveTitle(chat.tabTitle(second.name));

    const renamed = `${second.name}-новое`;
    const response = await page.request.patch(`/api/rooms/${second.id}`, { data: { name: renamed, description: "" } });
    expect(response.status()).toBe(200);
    await expect(page).toHaveTitle(chat.tabTitle(renamed));

    await page.goto("/chat?room=999999999");
    await expect(page).toHaveTitle(chat.tabTitle(null));
  });
});

test.describe("icons and manifest", () => {
  test("/login, /register and /chat load every icon and the manifest without one console error or 404", async ({ newSession }) => {
    const { page } = await newSession({ viewport: DESKTOP });
    const problems = collectProblems(page);
    await page.goto("/login");
    await expect(new LoginPage(page).submit).toBeVisible();
    await signUp(page);
    await new ChatRoomPage(page).goto();

    const iconLinks = await page.locator("link[rel='icon'], link[rel='apple-touch-icon']").evaluateAll((links) =>
      links.map((link) => (link as HTMLLinkElement).href),
    );
    expect(iconLinks.map((href) => new URL(href).pathname).sort()).toEqual(["/apple-touch-icon.png", "/favicon.ico", "/favicon.svg"]);
    for (const href of iconLinks) expect((await page.request.get(href)).status(), href).toBe(200);

    // Chromium's own fetch of the manifest, under the page's CSP.
    const cdp = await page.context().newCDPSession(page);
    const fetched = (await cdp.send("Page.getAppManifest", {})) as { url: string; errors: unknown[]; data?: string };
    expect(new URL(fetched.url).pathname).toBe("/manifest.webmanifest");
    expect(fetched.errors).toEqual([]);
    const manifest = JSON.parse(fetched.data ?? "") as { name: string; theme_color: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ name: "Discock", theme_color: "#313338" });
    const pngSizes: string[] = [];
    for (const icon of manifest.icons) {
      const response = await page.request.get(icon.src);
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()["content-type"]).toContain(icon.type);
      if (icon.type === "image/png") {
        const size = pngSize(await response.body());
        expect(size).toBe(icon.sizes);
        pngSizes.push(size);
      }
    }
    expect(pngSizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(problems).toEqual([]);
  });
});

test.describe("design tokens", () => {
  test("the palette and type from tailwind.config.ts reach the utilities and the focus ring", async ({ page }) => {
    await page.goto("/login");
    const styles = await page.evaluate(() => {
      const probe = (className: string) => {
        const element = document.createElement("div");
        element.className = className;
        document.body.append(element);
        const { backgroundColor, color } = getComputedStyle(element);
        element.remove();
        return `${backgroundColor} ${color}`;
      };
      return {
        canvas: probe("bg-canvas text-ink"),
        muted: probe("bg-deep text-muted"),
        blurple: probe("bg-blurple text-danger"),
        online: probe("bg-online text-link"),
        font: getComputedStyle(document.body).fontFamily,
      };
    });
    expect(styles).toEqual({
      canvas: "rgb(49, 51, 56) rgb(219, 222, 225)",
      muted: "rgb(30, 31, 34) rgb(148, 155, 164)",
      blurple: "rgb(88, 101, 242) rgb(250, 119, 124)",
      online: "rgb(35, 165, 90) rgb(0, 168, 252)",
      font: '"gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif',
    });
    await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const focused = document.activeElement;
      return focused && focused !== document.body ? getComputedStyle(focused).outlineColor : null;
    });
    expect(ring).toBe("rgb(0, 168, 252)");
  });
});
