import { useCallback, useState, useSyncExternalStore } from "react";
import { Drafts } from "./drafts";

/**
 * The composer's text, kept per room across reloads. A draft is the room's, not the tab's: another tab with the
 * same room open follows it, and sending from either clears it in both.
 */
export function useDraft(key: string): [string, (text: string) => void] {
  const [drafts] = useState(() => new Drafts({ storage: () => window.localStorage }));
  const subscribe = useCallback(
    (onChange: () => void) => {
      const unsubscribe = drafts.subscribe(onChange);
      const onStorage = (event: StorageEvent) => drafts.forget(event.key);
      window.addEventListener("storage", onStorage);
      return () => {
        unsubscribe();
        window.removeEventListener("storage", onStorage);
      };
    },
    [drafts],
  );
  // The server has no storage: it renders an empty composer, and the draft appears once hydrated.
  const text = useSyncExternalStore(
    subscribe,
    () => drafts.read(key),
    () => "",
  );
  const setText = useCallback((value: string) => drafts.write(key, value), [drafts, key]);
  return [text, setText];
}
