import { describe, expect } from "vitest";
import { storeTest, type OpenedStore } from "./contract/fixtures";
import { conversationsContract } from "./contract/conversations";
import { membersContract } from "./contract/members";
import { messagesContract } from "./contract/messages";
import { privateSpacesContract } from "./contract/private";
import { roomsContract } from "./contract/rooms";
import { sessionsContract } from "./contract/sessions";
import { usersContract } from "./contract/users";

export { allRooms, createRoom, send } from "./contract/fixtures";

/** The tests every dialect's store must pass; each noun's are in contract/, split as the store is. */
export function storeContract(name: string, makeStore: () => Promise<OpenedStore>) {
  const it = storeTest(makeStore);

  describe(`Store contract: ${name}`, () => {
    usersContract(it);
    roomsContract(it);
    messagesContract(it);
    conversationsContract(it);
    membersContract(it);
    privateSpacesContract(it);
    sessionsContract(it);

    describe("connection", () => {
      it("ping resolves", async ({ store }) => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it("close ends the store and may be called again", async ({ freshStore: store }) => {
        await store.close();

        await expect(store.ping()).rejects.toThrow();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}
