import { randomBytes, randomInt } from "node:crypto";
import { test as base, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export interface TestUser {
  username: string;
  email: string;
  password: string;
  city: string;
}

const CITIES = ["Казань", "Новосибирск", "Санкт-Петербург", "Нижний Новгород", "Екатеринбург"] as const;

/** A user nobody has registered yet, so tests can run in parallel against one database. */
export function generateTestUser(): TestUser {
  const username = `u_${randomBytes(8).toString("hex")}`;
  return {
    username,
    email: `${username}@example.com`,
    password: `pw-${randomBytes(8).toString("hex")}`,
    city: CITIES[randomInt(CITIES.length)] ?? "Казань",
  };
}

export interface Session {
  context: BrowserContext;
  page: Page;
}

interface Fixtures {
  /** A fresh, unregistered user. */
  newUser: TestUser;
  /** A browser context of its own (its own cookies), closed when the test ends: one per user. */
  newSession: (options?: BrowserContextOptions) => Promise<Session>;
}

export const test = base.extend<Fixtures>({
  // Pages follow the browser's Accept-Language, which would otherwise be whatever the test machine's browser sends;
  // the tests expect Russian, the app's default, unless they ask for another language.
  locale: "ru-RU",
  // `provide`, not `use`: React's hooks lint rule would take Playwright's callback for a hook.
  newUser: async ({}, provide) => {
    await provide(generateTestUser());
  },
  newSession: async ({ browser, locale }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (options) => {
      const context = await browser.newContext({ locale, ...options });
      contexts.push(context);
      return { context, page: await context.newPage() };
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect } from "@playwright/test";
