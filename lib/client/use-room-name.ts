import { useTranslations } from "next-intl";
import { createContext, useCallback, useContext } from "react";
import { roomDisplayName, type NamedRoom } from "./room-param";

// Not in room-param.ts: pages and the proxy import that on the server, where no context may be created.

/** The signed-in reader's id, for the components that name conversations after the people in them. */
export const ViewerContext = createContext<number | null>(null);

/** roomDisplayName for a component, in the language of the page and for the reader of the page. */
export function useRoomName(): (room: NamedRoom) => string {
  const t = useTranslations();
  const meId = useContext(ViewerContext);
  return useCallback((room) => roomDisplayName(room, t, meId), [t, meId]);
}
