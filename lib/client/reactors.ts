import type { Reactor } from "./api";

/** Names a reaction's tooltip shows before «и ещё N»; up to this many, all are named. */
export const NAMED_REACTORS = 3;

/** How many reactors one look asks for: enough to name them, with me among them or not. */
export const REACTORS_ASKED = NAMED_REACTORS + 1;

export interface ReactorSummary {
  /** I reacted with it: named first, as «Вы». */
  me: boolean;
  others: string[];
  /** Not named, only counted. */
  rest: number;
}

/**
 * Who a reaction's tooltip names: «Вы, Анна и Борис», or two and a count once there are more («Вы, Анна и ещё 2»).
 * The count is the one on the chip, which may be newer than the list fetched for it.
 */
export function summarizeReactors(reactors: readonly Reactor[], chip: { count: number; me: boolean }, myId: number): ReactorSummary {
  const named = chip.count <= NAMED_REACTORS ? chip.count : NAMED_REACTORS - 1;
  const others = reactors
    .filter((r) => r.id !== myId)
    .slice(0, Math.max(0, named - Number(chip.me)))
    .map((r) => r.username);
  return { me: chip.me, others, rest: Math.max(0, chip.count - others.length - Number(chip.me)) };
}
