import type { BrowserContextOptions, Locator, Page } from "@playwright/test";
import type { Locale } from "../../lib/i18n/locale";
import { expect, type Session } from "../fixtures";
import { ANY, anyIn, ChatRoomPage } from "./chat-room";

/** What is read in a message row: the formats Markdown gives, spoilers, code blocks. */
export class MessageView {
  readonly spoilers: Locator;
  readonly codeBlock: Locator;
  /** A token highlight.js coloured, present only once the block's grammar has loaded. */
  readonly highlightedToken: Locator;

  constructor(
    readonly chat: ChatRoomPage,
    readonly row: Locator,
  ) {
    this.spoilers = row.getByRole("button", { name: chat.say.chat("markdown.spoiler") });
    this.codeBlock = row.locator("pre");
    this.highlightedToken = this.codeBlock.locator("span[class*='hljs-']");
  }

  /** One element of a format (strong, em, u, del, code, blockquote) holding exactly this text. */
  format(tag: "strong" | "em" | "u" | "del" | "code" | "blockquote", text: string): Locator {
    return this.row.locator(tag).filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });
  }
}

/** The line above the composer that says who is typing, in the page's language. */
export class TypingLine {
  constructor(readonly chat: ChatRoomPage) {}

  /** The sentence for these people, as the catalogue words it (names sorted, as the indicator sorts them). */
  sentence(usernames: string[]): string {
    const names = [...usernames].sort(new Intl.Collator(this.chat.locale).compare);
    return this.chat.say.chat.markup("typing.typists", { count: names.length, first: names[0] ?? "", second: names[1] ?? "", name: (chunks) => chunks });
  }

  /** The sentence naming exactly these people. */
  of(usernames: string[]): Locator {
    return this.chat.main.getByText(this.sentence(usernames), { exact: true });
  }

  /** Any sentence about someone typing: one name, two, or several. */
  any(): Locator {
    const t = this.chat.say.chat;
    const patterns = [1, 2, 3].map((count) => anyIn(t.markup("typing.typists", { count, first: ANY, second: ANY, name: (chunks) => chunks })).source);
    return this.chat.main.getByText(new RegExp(patterns.join("|")));
  }
}

/** A person in a room: their page, in their language, with its typing line. */
export interface Participant {
  username: string;
  chat: ChatRoomPage;
  typing: TypingLine;
}

export function participant(page: Page, username: string, locale: Locale = "ru"): Participant {
  const chat = new ChatRoomPage(page, locale);
  return { username, chat, typing: new TypingLine(chat) };
}

/** Types into the composer key by key, as a person does, so every key is a change of the text. */
export async function typeSlowly(chat: ChatRoomPage, text: string) {
  await chat.composer.pressSequentially(text, { delay: 30 });
}

export type NewSession = (options?: BrowserContextOptions) => Promise<Session>;

/** Waits until a message row shows its time: sent, acknowledged and rendered in the browser. */
export async function expectDelivered(row: Locator) {
  await expect(row).not.toHaveAttribute("aria-busy", "true");
  await expect(row.locator("time")).not.toBeEmpty();
}
