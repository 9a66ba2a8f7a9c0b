import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Чат" };

export default async function ChatPage() {
  const user = await requireUser();
  return (
    <div className="flex min-h-dvh flex-col-reverse sm:flex-row">
      <aside className="flex w-full shrink-0 flex-col bg-panel sm:w-60" aria-label="Профиль">
        <p className="border-b border-deep px-4 py-3 font-extrabold tracking-wide text-ink-strong">Discock</p>
        <div className="mt-auto flex items-center justify-between gap-2 bg-deep/60 px-3 py-2">
          <div className="min-w-0">
            <p className="truncate text-sm font-semibold text-ink-strong" title={user.username}>
              {user.username}
            </p>
            <p className="truncate text-xs text-muted" title={user.city}>
              📍 {user.city}
            </p>
          </div>
          {/* A plain link on purpose: <Link> prefetches, and prefetching /logout would sign the user out. */}
          <a href="/logout" className="rounded px-2 py-1 text-sm text-muted hover:bg-line hover:text-ink-strong">
            Выйти
          </a>
        </div>
      </aside>
      <main className="flex min-w-0 flex-1 items-center justify-center p-6 text-center">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words text-ink-strong">Привет, {user.username}!</h1>
          <p className="mt-2 text-muted">Вы вошли в Discock.</p>
        </div>
      </main>
    </div>
  );
}
