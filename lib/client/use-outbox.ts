import { useEffect, useState, type Dispatch } from "react";
import type { ChatAction } from "./chat-state";
import { Outbox } from "./outbox";
import { OUTBOX_KINDS } from "./outbox-kinds";

/**
 * The page's one outbox. It lives as long as the chat page; the socket hook hands it each new connection
 * (`connected`), and whatever the user does that must reach the server goes in through `enqueue`.
 */
export function useOutbox(userId: number, dispatch: Dispatch<ChatAction>): Outbox {
  const [outbox] = useState(() => new Outbox({ userId, kinds: OUTBOX_KINDS, dispatch, storage: () => window.sessionStorage }));
  useEffect(() => {
    outbox.open();
    return () => outbox.close();
  }, [outbox]);
  return outbox;
}
