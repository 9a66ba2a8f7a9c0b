"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { MemberDto, RoomDto } from "@/lib/chat/dto";
import { banMember, removeMember, setMemberRole, timeoutMember, type ApiResult } from "@/lib/client/api";
import { durationParts, TIMEOUT_CHOICES } from "@/lib/client/durations";
import { useRoomName } from "@/lib/client/use-room-name";
import { AUTOFOCUS, ModalDialog } from "./modal-dialog";

/** The moderation actions that ask first: handing the room over, kicking, banning, and a timeout's length. */
export type ModerationKind = "transfer" | "kick" | "ban" | "timeout";

export interface ModerationRequest {
  kind: ModerationKind;
  member: MemberDto;
}

/** What the server answered: the member as they now are, or null when they are gone from the room. */
export type ModerationOutcome = { member: MemberDto } | { gone: number };

interface ModerationDialogProps {
  request: ModerationRequest | null;
  room: RoomDto;
  /** Where focus goes when the menu button that led here is hidden again (it shows on hover). */
  fallbackFocusId: string | undefined;
  onClose: () => void;
  onDone: (outcome: ModerationOutcome) => void;
}

const name = (chunks: ReactNode) => <strong className="font-semibold break-words text-ink-strong">{chunks}</strong>;

const FIELD = "w-full rounded-[3px] bg-deep px-2.5 py-2 text-base text-ink-strong outline-none placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-link";

export function ModerationDialog({ request, room, fallbackFocusId, onClose, onDone }: ModerationDialogProps) {
  const t = useTranslations("members");
  const roomName = useRoomName()(room);
  const kind = request?.kind;
  const values = { name: request?.member.username ?? "", room: roomName, strong: name };
  const title = !kind
    ? ""
    : kind === "timeout"
      ? t("timeout.title", { name: values.name })
      : t(`confirm.${kind}_title`);
  const description =
    !kind ? null : kind === "timeout" ? <p>{t("timeout.explain")}</p> : <p>{t.rich(`confirm.${kind}_question`, values)}</p>;
  return (
    <ModalDialog open={request !== null} onClose={onClose} title={title} description={description} fallbackFocusId={fallbackFocusId}>
      {request ? <ModerationForm key={`${request.kind}:${request.member.id}`} request={request} room={room} onClose={onClose} onDone={onDone} /> : null}
    </ModalDialog>
  );
}

function send(room: RoomDto, { kind, member }: ModerationRequest, reason: string, seconds: number): Promise<ApiResult<ModerationOutcome>> {
  const gone = (result: ApiResult<null>): ApiResult<ModerationOutcome> => (result.ok ? { ok: true, data: { gone: member.id } } : result);
  const changed = (result: ApiResult<MemberDto>): ApiResult<ModerationOutcome> => (result.ok ? { ok: true, data: { member: result.data } } : result);
  switch (kind) {
    case "transfer":
      return setMemberRole(room.id, member.id, "owner").then(changed);
    case "kick":
      return removeMember(room.id, member.id).then(gone);
    case "ban":
      return banMember(room.id, member.id, reason).then(gone);
    case "timeout":
      return timeoutMember(room.id, member.id, seconds, reason).then(changed);
  }
}

function ModerationForm({ request, room, onClose, onDone }: { request: ModerationRequest; room: RoomDto; onClose: () => void; onDone: ModerationDialogProps["onDone"] }) {
  const t = useTranslations("members");
  const chat = useTranslations("chat");
  const id = useId();
  const [reason, setReason] = useState("");
  const [seconds, setSeconds] = useState<number>(TIMEOUT_CHOICES[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { kind } = request;
  const withReason = kind === "ban" || kind === "timeout";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await send(room, request, reason.trim(), seconds);
    setBusy(false);
    if (result.ok) onDone(result.data);
    else setError(result.error);
  }

  return (
    <form onSubmit={(event) => void submit(event)}>
      {error ? (
        <p role="alert" className="mb-4 rounded-[3px] border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      {kind === "timeout" ? (
        <fieldset className="mb-4">
          <legend className="mb-2 text-xs font-bold tracking-wide text-muted uppercase">{t("timeout.duration")}</legend>
          <div className="grid grid-cols-2 gap-1.5 sm:grid-cols-3">
            {TIMEOUT_CHOICES.map((choice, index) => (
              <label
                key={choice}
                className="flex min-h-10 cursor-pointer items-center gap-2 rounded-[3px] bg-panel px-2.5 text-sm text-ink has-checked:bg-blurple/25 has-checked:text-ink-strong has-checked:ring-1 has-checked:ring-blurple has-focus-visible:outline-2 has-focus-visible:outline-link max-md:min-h-11"
              >
                <input
                  type="radio"
                  name="seconds"
                  value={choice}
                  checked={seconds === choice}
                  onChange={() => setSeconds(choice)}
                  {...(index === 0 ? AUTOFOCUS : {})}
                  className="accent-blurple focus-visible:outline-none"
                />
                {t("duration", durationParts(choice))}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {withReason ? (
        <>
          <label htmlFor={`${id}-reason`} className="mb-2 block text-xs font-bold tracking-wide text-muted uppercase">
            {t("confirm.reason")}
          </label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            rows={2}
            aria-describedby={`${id}-reason-hint`}
            {...(kind === "ban" ? AUTOFOCUS : {})}
            className={`${FIELD} resize-y`}
          />
          <p id={`${id}-reason-hint`} className="mt-1 text-xs text-muted">
            {t("confirm.reason_hint")}
          </p>
        </>
      ) : null}
      <div className="mt-5 flex justify-end gap-2">
        <button
          type="button"
          onClick={onClose}
          {...(withReason ? {} : AUTOFOCUS)}
          className="h-10 rounded-[3px] px-4 text-sm font-medium text-ink-strong hover:underline max-md:h-11"
        >
          {chat("dialog.cancel")}
        </button>
        <button
          type="submit"
          disabled={busy}
          aria-busy={busy}
          className={`h-10 rounded-[3px] px-4 text-sm font-medium text-white disabled:cursor-wait disabled:opacity-70 max-md:h-11 ${
            kind === "transfer" ? "bg-blurple hover:bg-blurple-hover" : "bg-danger-strong hover:bg-danger-strong-hover"
          }`}
        >
          {kind === "timeout" ? t("timeout.confirm") : t(`confirm.${kind}_confirm`)}
        </button>
      </div>
    </form>
  );
}
