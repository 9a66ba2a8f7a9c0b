// Dark enough that white initials keep a 4.5:1 contrast.
const COLORS = ["#4752c4", "#2d7d46", "#a12d6b", "#8a4b08", "#1f6f8b", "#7b3fc4", "#b1361e", "#3d6b14"] as const;

/** Each person keeps one colour wherever they appear: their avatar, and the banner of their profile card. */
export const avatarColor = (userId: number) => COLORS[userId % COLORS.length];

const SIZES = { sm: "size-8 text-sm", md: "size-10 text-base", lg: "size-20 text-3xl" } as const;

export function Avatar({ userId, name, size = "md" }: { userId: number; name: string; size?: keyof typeof SIZES }) {
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? "?";
  return (
    <span
      aria-hidden="true"
      style={{ backgroundColor: avatarColor(userId) }}
      className={`flex shrink-0 items-center justify-center rounded-full font-semibold text-white select-none ${SIZES[size]}`}
    >
      {initial}
    </span>
  );
}
