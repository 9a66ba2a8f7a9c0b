"use client";

import { UserPlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import type { MemberDto, RoomDto } from "@/lib/chat/dto";
import { inviteMember } from "@/lib/client/api";

/**
 * Adds someone by name: to a private room (its owner and moderators) or to a group conversation (anyone in it).
 * What happened is said right under the field: who is in now, or why not.
 */
export function InviteForm({ room, onInvited }: { room: RoomDto; onInvited: (member: MemberDto) => void }) {
  const t = useTranslations("members.invite");
  const id = useId();
  const direct = room.kind === "direct";
  const [username, setUsername] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = username.trim();
    if (!name || busy) return;
    setBusy(true);
    const answer = await inviteMember(room.id, name);
    setBusy(false);
    if (!answer.ok) return setResult({ ok: false, text: answer.fields?.username ?? answer.error });
    onInvited(answer.data);
    setUsername("");
    setResult({ ok: true, text: t(direct ? "done_direct" : "done", { name: answer.data.username }) });
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="px-2 pt-4" noValidate>
      <label htmlFor={`${id}-name`} className="mb-1.5 block pl-2 text-xs font-bold tracking-wide text-muted uppercase">
        {t(direct ? "label_direct" : "label_room")}
      </label>
      <div className="flex gap-1.5">
        <input
          id={`${id}-name`}
          value={username}
          onChange={(event) => {
            setUsername(event.target.value);
            setResult(null);
          }}
          placeholder={t("placeholder")}
          autoComplete="off"
          aria-invalid={result?.ok === false || undefined}
          aria-describedby={result ? `${id}-result` : undefined}
          className="h-8 min-w-0 flex-1 rounded-[3px] bg-deep px-2 text-sm text-ink-strong outline-none placeholder:text-muted focus-visible:outline-2 focus-visible:outline-link aria-invalid:ring-1 aria-invalid:ring-danger max-md:h-11 max-md:text-base"
        />
        <button
          type="submit"
          disabled={busy}
          aria-busy={busy}
          aria-label={t(direct ? "submit_direct" : "submit")}
          title={t(direct ? "submit_direct" : "submit")}
          className="flex size-8 shrink-0 items-center justify-center rounded-[3px] bg-blurple text-white hover:bg-blurple-hover disabled:cursor-wait disabled:opacity-70 max-md:size-11"
        >
          <UserPlus aria-hidden="true" className="size-4" />
        </button>
      </div>
      <p id={`${id}-result`} role="status" className={`mt-1 pl-2 text-xs empty:hidden ${result?.ok === false ? "text-danger" : "text-muted"}`}>
        {result?.text}
      </p>
    </form>
  );
}
