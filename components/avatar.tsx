// Dark enough that white initials keep a 4.5:1 contrast.
const COLORS = ["#4752c4", "#2d7d46", "#a12d6b", "#8a4b08", "#1f6f8b", "#7b3fc4", "#b1361e", "#3d6b14"] as const;

export function Avatar({ userId, name, size = "md" }: { userId: number; name: string; size?: "sm" | "md" }) {
  const color = COLORS[userId % COLORS.length];
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? "?";
  return (
    <span
      aria-hidden="true"
      style={{ backgroundColor: color }}
      className={`flex shrink-0 items-center justify-center rounded-full font-semibold text-white select-none ${
        size === "sm" ? "size-8 text-sm" : "size-10 text-base"
      }`}
    >
      {initial}
    </span>
  );
}
