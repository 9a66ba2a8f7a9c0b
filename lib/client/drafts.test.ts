import { describe, expect, test, vi } from "vitest";
import { draftKey, Drafts } from "./drafts";
import { memoryStorage } from "./testing/fixtures";

const broken = () => {
  throw new DOMException("The operation is insecure.", "SecurityError");
};

describe("Drafts", () => {
  test("a draft is kept per account and room, and a new page reads it back from storage", () => {
    const storage = memoryStorage();
    const drafts = new Drafts({ storage: () => storage });
    drafts.write(draftKey(1, 10), "привет");
    expect(storage.items.get("discock:draft:1:10")).toBe("привет");

    const nextPage = new Drafts({ storage: () => storage });
    expect(nextPage.read(draftKey(1, 10))).toBe("привет");
    expect(nextPage.read(draftKey(1, 11))).toBe("");
    expect(nextPage.read(draftKey(2, 10))).toBe("");
  });

  test("a blank draft (sent, or typed away) leaves nothing in storage, but the page still shows what was typed", () => {
    const storage = memoryStorage();
    const drafts = new Drafts({ storage: () => storage });
    drafts.write(draftKey(1, 10), "текст");
    drafts.write(draftKey(1, 10), "  \n");
    expect(storage.items.has(draftKey(1, 10))).toBe(false);
    expect(drafts.read(draftKey(1, 10))).toBe("  \n");
    drafts.write(draftKey(1, 10), "");
    expect(drafts.read(draftKey(1, 10))).toBe("");
  });

  test("typing works where storage throws; only the reload is lost", () => {
    const drafts = new Drafts({ storage: broken });
    expect(drafts.read(draftKey(1, 10))).toBe("");
    drafts.write(draftKey(1, 10), "без хранилища");
    expect(drafts.read(draftKey(1, 10))).toBe("без хранилища");
  });

  test("listeners hear writes; a change from another tab is read again from storage", () => {
    const storage = memoryStorage();
    const drafts = new Drafts({ storage: () => storage });
    const listener = vi.fn();
    const unsubscribe = drafts.subscribe(listener);
    expect(drafts.read(draftKey(1, 10))).toBe("");

    storage.items.set(draftKey(1, 10), "из другой вкладки");
    expect(drafts.read(draftKey(1, 10))).toBe("");
    drafts.forget(draftKey(1, 10));
    expect(drafts.read(draftKey(1, 10))).toBe("из другой вкладки");
    expect(listener).toHaveBeenCalledTimes(1);

    drafts.forget("some-other-key");
    expect(listener).toHaveBeenCalledTimes(1);
    storage.items.clear();
    drafts.forget(null);
    expect(drafts.read(draftKey(1, 10))).toBe("");
    expect(listener).toHaveBeenCalledTimes(2);

    drafts.write(draftKey(1, 10), "a");
    expect(listener).toHaveBeenCalledTimes(3);
    unsubscribe();
    drafts.write(draftKey(1, 10), "ab");
    expect(listener).toHaveBeenCalledTimes(3);
  });
});
