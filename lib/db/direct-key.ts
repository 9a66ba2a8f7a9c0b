/** A direct conversation's identity: its people's ids, sorted. The same people always make the same key. */
export function directKeyOf(userIds: Iterable<number>): string {
  return [...new Set(userIds)].sort((a, b) => a - b).join(",");
}
