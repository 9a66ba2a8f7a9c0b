import { describe, expect } from "vitest";
import { UniqueViolation } from "../types";
import { expectRecent, expectUniqueViolation, MISSING_ID, newUser, type StoreTest, tag } from "./fixtures";

export function usersContract(it: StoreTest) {
  describe("users", () => {
    it("insertUser returns the stored row; lookups find it by id and by username in any case", async ({ store }) => {
      const t = tag();
      const input = newUser({ username: `Mixed_${t}`, email: `Mixed_${t}@Example.TEST`, city: "Тагил" });

      const user = await store.insertUser(input);

      // Every key is listed so the row's exact shape is pinned; id and createdAt are checked just below.
      expect(user).toEqual({
        id: user.id,
        username: `Mixed_${t}`,
        email: `mixed_${t}@example.test`,
        passwordHash: input.passwordHash,
        city: "Тагил",
        locale: null,
        createdAt: user.createdAt,
        isActive: true,
        role: "user",
      });
      expect(user.id).toBeGreaterThan(0);
      expectRecent(user.createdAt);
      expect(await store.getUserById(user.id)).toEqual(user);
      expect(await store.getUserByUsername(`mIXED_${t}`)).toEqual(user);
      expect(await store.getUserByUsername(`MIXED_${t.toUpperCase()}`)).toEqual(user);
    });

    it("finds a Cyrillic username case-insensitively", async ({ store }) => {
      const t = tag();
      const user = await store.insertUser(newUser({ username: `Иван_${t}` }));

      expect(await store.getUserByUsername(`иВАН_${t}`)).toEqual(user);
      expect(await store.getUserByUsername(`ИВАН_${t}`)).toEqual(user);
    });

    it("returns null for a missing user", async ({ store }) => {
      expect(await store.getUserById(MISSING_ID)).toBeNull();
      expect(await store.getUserByUsername(`nobody_${tag()}`)).toBeNull();
    });

    it.for([
      ["ASCII", "Alice", "aLICE"],
      ["Cyrillic", "Иван", "иВАН"],
    ] as const)("refuses a username differing only in case (%s)", async ([, stored, attempted], { store }) => {
      const t = tag();
      const original = await store.insertUser(newUser({ username: `${stored}_${t}` }));
      const duplicate = newUser({ username: `${attempted}_${t}` });

      await expectUniqueViolation(store.insertUser(duplicate), "username");

      expect(await store.getUserByUsername(`${attempted}_${t}`)).toEqual(original);
      // The refused row would hold this email; a new user can still take it, so nothing was written.
      const other = await store.insertUser(newUser({ email: duplicate.email }));
      expect(other.email).toBe(duplicate.email);
    });

    it("lets two accounts give one email address, so registering reveals nothing about it", async ({ store }) => {
      const t = tag();
      const first = await store.insertUser(newUser({ email: `Bob_${t}@Example.test` }));
      const second = await store.insertUser(newUser({ email: `bob_${t}@EXAMPLE.TEST` }));

      expect(second.email).toBe(first.email);
    });

    it.for([
      ["a Cyrillic і for a Latin i", "victim_{t}1", "vіctim_{t}1"],
      ["a Greek Omicron for a Cyrillic О", "Олег_{t}", "Οлег_{t}"],
      ["rn for m", "mary_{t}", "rnary_{t}"],
    ] as const)("refuses a username confusable with a taken one (%s)", async ([, stored, attempted], { store }) => {
      const t = tag();
      const original = await store.insertUser(newUser({ username: stored.replace("{t}", t) }));
      const lookalike = newUser({ username: attempted.replace("{t}", t) });

      const attempt = store.insertUser(lookalike);
      await expectUniqueViolation(attempt, "username");
      await expect(attempt).rejects.toHaveProperty("confusable", true);
      expect(await store.getUserByUsername(lookalike.username)).toBeNull();
      expect(await store.getUserByUsername(original.username)).toEqual(original);
    });

    it("lets exactly one of several concurrent inserts of one username win", async ({ store }) => {
      const t = tag();
      const spellings = [`racer_${t}`, `RACER_${t}`, `Racer_${t}`, `rAcEr_${t}`, `racer_${t.toUpperCase()}`];

      const results = await Promise.allSettled(spellings.map((username) => store.insertUser(newUser({ username }))));

      const fulfilled = results.filter((r) => r.status === "fulfilled");
      const rejected = results.filter((r) => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(spellings.length - 1);
      for (const { reason } of rejected) {
        expect(reason).toBeInstanceOf(UniqueViolation);
        expect(reason).toHaveProperty("field", "username");
      }
      expect(await store.getUserByUsername(`racer_${t}`)).toEqual(fulfilled[0]?.value);
    });

    it("setUserPasswordHash stores the new hash and reports a missing user", async ({ store }) => {
      const user = await store.insertUser(newUser());
      expect(await store.setUserPasswordHash(user.id, "new-hash")).toBe(true);
      expect((await store.getUserById(user.id))?.passwordHash).toBe("new-hash");
      expect(await store.setUserPasswordHash(MISSING_ID, "x")).toBe(false);
    });

    it("updateUserProfile stores the city, the folded email and the language, leaves what it is not given, and reports a missing user", async ({ store }) => {
      const user = await store.insertUser(newUser({ city: "Омск" }));
      const t = tag();

      const moved = await store.updateUserProfile(user.id, { city: "Тверь" });
      expect(moved).toEqual({ ...user, city: "Тверь" });
      const readdressed = await store.updateUserProfile(user.id, { email: `New_${t}@Example.TEST` });
      expect(readdressed).toEqual({ ...user, city: "Тверь", email: `new_${t}@example.test` });
      expect(await store.getUserById(user.id)).toEqual(readdressed);
      expect(await store.updateUserProfile(user.id, {})).toEqual(readdressed);
      const english = await store.updateUserProfile(user.id, { locale: "en" });
      expect(english).toEqual({ ...readdressed, locale: "en" });
      expect(await store.getUserById(user.id)).toEqual(english);
      expect(await store.updateUserProfile(MISSING_ID, { city: "Тверь" })).toBeNull();
    });

    it("setUserActive stores the flag and reports a missing user", async ({ store }) => {
      const user = await store.insertUser(newUser());
      expect(await store.setUserActive(user.id, false)).toBe(true);
      expect((await store.getUserById(user.id))?.isActive).toBe(false);
      expect(await store.setUserActive(user.id, true)).toBe(true);
      expect((await store.getUserById(user.id))?.isActive).toBe(true);
      expect(await store.setUserActive(MISSING_ID, false)).toBe(false);
    });
  });
}
