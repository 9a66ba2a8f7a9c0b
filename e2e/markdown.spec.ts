import { mkdir } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signUp } from "./pages/auth";
import { ChatRoomPage, createRoomViaApi, uniqueRoomName } from "./pages/chat-room";
import { expectDelivered, MessageView, participant, typeSlowly, type NewSession } from "./pages/conversation";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const SHOTS_DIR = "/tmp/shots-md";

/** Every format in one message, as a person types it. */
const FORMATTED = [
  "**жирный** *курсив* __подчёркнутый__ ~~зачёркнутый~~ `код` https://example.com/a_b_",
  "> цитата",
  "ответ под цитатой",
  "||секрет|| ||второй секрет|| ||третий секрет||",
  "```js",
  "const answer = 42; // ответ",
  "```",
].join("\n");

/** Markdown around payloads of e2e/xss.spec.ts: formatting must not open a way for markup. */
const PAYLOADS = [
  "**<img src=x onerror=alert(1)>**",
  "[click](javascript:alert(1))",
  "`<script>alert(1)</script>`",
  "||<svg onload=alert(1)>||",
  '__<img src=x onerror="window.__xss=1">__',
  '> <iframe srcdoc="<script>parent.__xss=1</script>">',
  "```html\n<script>window.__xss=1</script>\n```",
  "~~[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)~~",
];

interface Watch {
  dialogs: string[];
}

interface WatchedWindow {
  __xss?: number;
  __csp?: string[];
}

/** Records dialogs, arms the canary and collects Content-Security-Policy violations from before the page's scripts. */
async function watch(page: Page): Promise<Watch> {
  const watched: Watch = { dialogs: [] };
  page.on("dialog", (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as WatchedWindow;
    w.__xss = 0;
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      // zod 4 probes whether it may compile parsers with Function("") and falls back when CSP says no: our own
      // bundle asking, not a payload. Anything a message could cause (inline script, a handler, a resource) counts.
      const zodProbe = event.blockedURI === "eval" && event.sourceFile.includes("/_next/static/");
      if (!zodProbe) w.__csp?.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return watched;
}

async function expectInert(page: Page, watched: Watch, log: Locator) {
  expect(watched.dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as WatchedWindow).__xss)).toBe(0);
  expect(await page.evaluate(() => (window as WatchedWindow).__csp)).toEqual([]);
  // The log's own icons are lucide SVGs; anything else would have come from a message.
  await expect(log.locator("script, iframe, object, embed, img, svg:not(.lucide), style")).toHaveCount(0);
  await expect(log.locator('a[href]:not([href^="https://"]):not([href^="http://"])')).toHaveCount(0);
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName} ${a.name}`)),
  );
  expect(handlers).toEqual([]);
}

async function twoPeople(newSession: NewSession) {
  const a = await newSession({ viewport: DESKTOP });
  const b = await newSession({ viewport: DESKTOP });
  const watchA = await watch(a.page);
  const watchB = await watch(b.page);
  const anna = await signUp(a.page);
  const boris = await signUp(b.page);
  const room = await createRoomViaApi(a.page.request, uniqueRoomName("markdown"));
  const sender = new ChatRoomPage(a.page);
  const reader = new ChatRoomPage(b.page);
  await sender.goto(room.id);
  await reader.goto(room.id);
  return { room, anna, boris, sender, reader, watchA, watchB };
}

async function expectFormatted(chat: ChatRoomPage) {
  const message = new MessageView(chat, chat.message("жирный"));
  await expect(message.format("strong", "жирный")).toBeVisible();
  await expect(message.format("em", "курсив")).toBeVisible();
  await expect(message.format("u", "подчёркнутый")).toBeVisible();
  await expect(message.format("del", "зачёркнутый")).toBeVisible();
  await expect(message.format("code", "код")).toBeVisible();
  await expect(message.format("blockquote", "цитата")).toBeVisible();
  await expect(message.row.locator("blockquote").filter({ hasText: "ответ под цитатой" })).toHaveCount(0);
  await expect(message.row.getByText("ответ под цитатой")).toBeVisible();
  // Underscores inside a URL are part of it, not emphasis.
  await expect(message.row.getByRole("link", { name: "https://example.com/a_b" })).toHaveAttribute("href", "https://example.com/a_b");
  await expect(message.codeBlock).toHaveText("const answer = 42; // ответ");
  await expect(message.highlightedToken.first()).toBeVisible();
  await expect(message.codeBlock.locator(".hljs-keyword")).toHaveText("const");
  await expect(message.spoilers).toHaveCount(3);
  await expect(message.row.getByText("второй секрет")).toBeHidden();
  return message;
}

test.describe("Markdown in messages", () => {
  test("every format renders for the sender and the other reader, live and after a reload", async ({ newSession }) => {
    const { sender, reader } = await twoPeople(newSession);
    const errors: string[] = [];
    for (const { page } of [sender, reader]) page.on("console", (message) => void (message.type() === "error" && errors.push(message.text())));
    await sender.send(FORMATTED);
    await expectDelivered(sender.messageRows().last());
    for (const chat of [sender, reader]) {
      await expectFormatted(chat);
      // Rendered by the server this time: the page must hydrate to the same markup, code blocks plain at first.
      await chat.page.reload();
      await expectFormatted(chat);
    }
    expect(errors).toEqual([]);
  });

  test("a spoiler stays covered until clicked or activated from the keyboard", async ({ newSession }) => {
    const { sender, reader } = await twoPeople(newSession);
    await sender.send(FORMATTED);
    const message = await expectFormatted(reader);
    const first = message.spoilers.first();
    await expect(first).toHaveAttribute("aria-expanded", "false");
    await expect(message.row.getByText("секрет", { exact: true })).toBeHidden();

    await first.click();
    await expect(message.row.getByText("секрет", { exact: true })).toBeVisible();
    await expect(message.spoilers).toHaveCount(2);

    await message.spoilers.first().focus();
    await reader.page.keyboard.press("Enter");
    await expect(message.row.getByText("второй секрет")).toBeVisible();
    // The revealed text takes the focus, so the keyboard carries on from the same place.
    await expect(message.row.getByText("второй секрет")).toBeFocused();

    await reader.page.keyboard.press("Tab");
    await expect(message.spoilers.first()).toBeFocused();
    await reader.page.keyboard.press(" ");
    await expect(message.row.getByText("третий секрет")).toBeVisible();
    await expect(message.spoilers).toHaveCount(0);
    // The sender's copy is still covered: revealing is the reader's own.
    await expect(new MessageView(sender, sender.message("жирный")).spoilers).toHaveCount(3);
  });

  test("one to three emoji alone are shown large; with text they are text-sized", async ({ newSession }) => {
    const { sender, reader } = await twoPeople(newSession);
    await sender.send("🎉🎉🎉");
    await sender.send("🎉 ура");
    for (const chat of [sender, reader]) {
      await expect(chat.messageRows()).toHaveCount(2);
      const size = (row: Locator) => row.getByText(/🎉/).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(await size(chat.message("🎉🎉🎉"))).toBeGreaterThanOrEqual(40);
      expect(await size(chat.message("ура"))).toBeLessThan(20);
    }
  });

  test("payloads inside Markdown stay inert text, for both readers and after revealing spoilers", async ({ newSession }) => {
    const { sender, reader, watchA, watchB } = await twoPeople(newSession);
    for (const payload of PAYLOADS) await sender.send(payload);
    await sender.send("**https://exаmple.com/вход**");
    const total = PAYLOADS.length + 1;
    await expect(sender.messageRows()).toHaveCount(total);
    await expectDelivered(sender.messageRows().last());

    for (const [chat, watched] of [
      [sender, watchA],
      [reader, watchB],
    ] as const) {
      await expect(chat.messageRows()).toHaveCount(total);
      await expect(chat.log.getByText("[click](javascript:alert(1))", { exact: true })).toBeVisible();
      await expect(chat.log.getByText("<script>alert(1)</script>", { exact: true })).toBeVisible();
      await expect(chat.log.locator("strong").filter({ hasText: "<img" })).toHaveText("<img src=x onerror=alert(1)>");
      await expect(chat.log.locator("pre")).toHaveText("<script>window.__xss=1</script>");
      await new MessageView(chat, chat.message("svg")).spoilers.click();
      await expect(chat.log.getByText("<svg onload=alert(1)>", { exact: true })).toBeVisible();

      // A lookalike host in bold is still shown in punycode, with the real host named beside it.
      const bold = chat.message("xn--").locator("strong");
      await expect(bold.getByRole("link")).toHaveAttribute("href", "https://xn--exmple-4nf.com/%D0%B2%D1%85%D0%BE%D0%B4");
      await expect(bold.getByText("xn--exmple-4nf.com", { exact: true })).toBeVisible();

      await expectInert(chat.page, watched, chat.log);
    }
  });

  test("a room with every format passes an accessibility scan; screenshots in Russian and English", async ({ newSession }) => {
    const { room, sender, reader } = await twoPeople(newSession);
    await sender.send(FORMATTED);
    await sender.send("🎉🥳");
    await sender.send("Ссылка с подвохом: **https://exаmple.com/вход** и обычная https://example.com/docs");
    await expectFormatted(reader);
    const { violations } = await new AxeBuilder({ page: reader.page }).analyze();
    expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    const english = await newSession({ viewport: DESKTOP, locale: "en-US", storageState: await reader.page.context().storageState() });
    const readers = [participant(reader.page, "", "ru"), participant(english.page, "", "en")];
    await readers[1]?.chat.goto(room.id);
    await mkdir(SHOTS_DIR, { recursive: true });
    for (const { chat, typing } of readers) {
      await new MessageView(chat, chat.message("жирный")).spoilers.first().click();
      for (const [viewport, name] of [
        [DESKTOP, "desktop"],
        [PHONE, "phone"],
      ] as const) {
        await chat.page.setViewportSize(viewport);
        // The sender keeps typing until the line shows: a signal lasts 8 s, and one goes out at most every 3 s.
        await expect(async () => {
          await typeSlowly(sender, ".");
          await expect(typing.any()).toBeVisible({ timeout: 500 });
        }).toPass({ timeout: 8_000 });
        await chat.page.mouse.move(0, 0);
        await chat.page.screenshot({ path: path.join(SHOTS_DIR, `${chat.locale}-${name}.png`), animations: "disabled" });
      }
    }
  });
});
