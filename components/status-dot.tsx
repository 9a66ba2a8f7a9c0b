/**
 * Discord's status mark over the corner of an avatar: green online, grey offline. It only shows what
 * the text beside it says to a screen reader too, so it is hidden from one. `ring`: the background it cuts into.
 */
export function StatusDot({ online, ring, large = false }: { online: boolean; ring: string; large?: boolean }) {
  return (
    <span
      aria-hidden="true"
      className={`absolute rounded-full ${ring} ${large ? "right-0 bottom-0 size-6 border-[5px]" : "-right-0.5 -bottom-0.5 size-3.5 border-[3px]"} ${
        online ? "bg-online" : "bg-muted"
      }`}
    />
  );
}
