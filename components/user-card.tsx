import { LogOut, MonitorX } from "lucide-react";
import type { PresenceUserDto } from "@/lib/chat/dto";
import { Avatar } from "./avatar";

export function UserCard({ me }: { me: PresenceUserDto }) {
  return (
    <aside aria-label="Профиль" className="flex items-center gap-2 bg-deep/60 px-2 py-2">
      <Avatar userId={me.id} name={me.username} size="sm" />
      <div className="min-w-0 flex-1 leading-tight">
        <p className="truncate text-sm font-semibold text-ink-strong" title={me.username}>
          {me.username}
        </p>
        <p className="truncate text-xs text-muted" title={me.city}>
          📍 {me.city}
        </p>
      </div>
      <form method="post" action="/logout/everywhere">
        <button
          type="submit"
          title="Выйти на всех устройствах"
          aria-label="Выйти на всех устройствах"
          className="flex items-center justify-center rounded p-1.5 text-muted hover:bg-line hover:text-ink-strong max-md:size-11"
        >
          <MonitorX aria-hidden="true" className="size-4" />
        </button>
      </form>
      {/* A plain link on purpose: <Link> prefetches, and prefetching /logout would sign the user out. */}
      <a
        href="/logout"
        className="flex items-center gap-1 rounded px-2 py-1.5 text-sm text-muted hover:bg-line hover:text-ink-strong max-md:min-h-11"
      >
        <LogOut aria-hidden="true" className="size-4" />
        Выйти
      </a>
    </aside>
  );
}
