import { createContext, useContext } from "react";
import type { PresenceUserDto } from "@/lib/chat/dto";

/** What any name on the page may do: open that person's profile card beside it. ChatApp provides it. */
export interface People {
  openProfile: (user: PresenceUserDto, anchor: HTMLElement) => void;
}

export const PeopleContext = createContext<People | null>(null);

export function usePeople(): People {
  const people = useContext(PeopleContext);
  if (!people) throw new Error("a name is rendered outside ChatApp");
  return people;
}
