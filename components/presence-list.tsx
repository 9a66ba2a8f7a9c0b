import { useTranslations } from "next-intl";
import type { PresenceUserDto } from "@/lib/chat/dto";
import { useCityName } from "@/lib/client/use-city-name";
import { Avatar } from "./avatar";

export function PresenceList({ users, meId }: { users: PresenceUserDto[] | undefined; meId: number }) {
  const t = useTranslations("chat");
  const cityName = useCityName();
  return (
    <section aria-labelledby="presence-title" className="px-2 pt-5 pb-3">
      <h2 id="presence-title" className="mb-1 pl-2 text-xs font-bold tracking-wide text-muted uppercase">
        {users ? t("presence.heading_count", { count: users.length }) : t("presence.heading")}
      </h2>
      {users ? (
        <ul className="space-y-0.5">
          {users.map((user) => (
            <li key={user.id} className="flex items-center gap-2.5 rounded px-2 py-1.5">
              <span className="relative">
                <Avatar userId={user.id} name={user.username} size="sm" />
                <span
                  aria-hidden="true"
                  className="absolute -right-0.5 -bottom-0.5 size-3.5 rounded-full border-[3px] border-panel bg-online"
                />
              </span>
              <span className="min-w-0 leading-tight">
                <span className="block truncate text-[15px] text-ink">
                  {user.username}
                  {user.id === meId ? <span className="text-muted"> {t("presence.you")}</span> : null}
                </span>
                <span className="block truncate text-xs text-muted">{t("place", { city: cityName(user.city) })}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="pl-2 text-sm text-muted">{t("presence.loading")}</p>
      )}
    </section>
  );
}
