"use client";

import { Hash, Lock } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n/translate";
import { useState, type FormEvent } from "react";
import type { RoomDto } from "@/lib/chat/dto";
import { ROOM_DESCRIPTION_MAX, ROOM_NAME_MAX } from "@/lib/chat/schemas";
import type { ApiResult, RoomVisibility } from "@/lib/client/api";
import { AUTOFOCUS, ModalDialog } from "./modal-dialog";

export interface RoomFormValues {
  name: string;
  description: string;
  visibility?: RoomVisibility;
}

interface RoomFormDialogProps {
  open: boolean;
  mode: "create" | "edit";
  initial?: RoomFormValues;
  onClose: () => void;
  onSubmit: (values: RoomFormValues) => Promise<ApiResult<RoomDto>>;
  onDone: (room: RoomDto) => void;
  fallbackFocusId?: string;
  /** Whether the form offers public or private: always for a new room, for an existing one only to who may manage it. */
  withVisibility: boolean;
}

export function RoomFormDialog({ open, mode, initial, onClose, onSubmit, onDone, fallbackFocusId, withVisibility }: RoomFormDialogProps) {
  const t = useTranslations("chat.room_form");
  return (
    <ModalDialog open={open} onClose={onClose} fallbackFocusId={fallbackFocusId} title={mode === "create" ? t("create_title") : t("edit_title")}>
      <RoomForm mode={mode} initial={initial} onCancel={onClose} onSubmit={onSubmit} onDone={onDone} withVisibility={withVisibility} />
    </ModalDialog>
  );
}

function RoomForm({
  mode,
  initial,
  onCancel,
  onSubmit,
  onDone,
  withVisibility,
}: Omit<RoomFormDialogProps, "open" | "onClose" | "fallbackFocusId"> & { onCancel: () => void }) {
  const t = useTranslations("chat");
  const [visibility, setVisibility] = useState<RoomVisibility>(initial?.visibility ?? "public");
  const locale = useLocale();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ form?: string; name?: string; description?: string }>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError({ name: errorText(locale, "room_name_required") });
    setBusy(true);
    const result = await onSubmit({ name: trimmed, description: description.trim(), ...(withVisibility ? { visibility } : {}) });
    setBusy(false);
    if (result.ok) return onDone(result.data);
    const fields = result.fields ?? {};
    setError({
      name: fields.name,
      description: fields.description,
      form: fields.name || fields.description ? undefined : result.error,
    });
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {error.form ? (
        <p role="alert" className="mb-4 rounded-[3px] border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {error.form}
        </p>
      ) : null}
      <label htmlFor="room-name" className="mb-2 block text-xs font-bold tracking-wide text-muted uppercase">
        {t("room_form.name")}
      </label>
      <div className="relative">
        <span aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-lg text-muted">
          #
        </span>
        <input
          id="room-name"
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          maxLength={ROOM_NAME_MAX}
          autoComplete="off"
          {...AUTOFOCUS}
          placeholder={t("room_form.name_placeholder")}
          aria-invalid={error.name ? true : undefined}
          aria-describedby={error.name ? "room-name-error" : undefined}
          className="h-10 w-full rounded-[3px] bg-deep pr-2.5 pl-7 text-base text-ink-strong outline-none placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-link aria-invalid:ring-1 aria-invalid:ring-danger"
        />
      </div>
      {error.name ? (
        <p id="room-name-error" role="alert" className="mt-1.5 text-sm text-danger">
          {error.name}
        </p>
      ) : null}
      <label htmlFor="room-description" className="mt-4 mb-2 block text-xs font-bold tracking-wide text-muted uppercase">
        {t("room_form.description")}
      </label>
      <textarea
        id="room-description"
        name="description"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        maxLength={ROOM_DESCRIPTION_MAX}
        rows={3}
        placeholder={t("room_form.description_placeholder")}
        aria-invalid={error.description ? true : undefined}
        aria-describedby={error.description ? "room-description-error" : undefined}
        className="w-full resize-y rounded-[3px] bg-deep px-2.5 py-2 text-base text-ink-strong outline-none placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-link aria-invalid:ring-1 aria-invalid:ring-danger"
      />
      {error.description ? (
        <p id="room-description-error" role="alert" className="mt-1.5 text-sm text-danger">
          {error.description}
        </p>
      ) : null}
      {withVisibility ? <VisibilityChoice value={visibility} onChange={setVisibility} /> : null}
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="h-10 rounded-[3px] px-4 text-sm font-medium text-ink-strong hover:underline">
          {t("dialog.cancel")}
        </button>
        <button
          type="submit"
          disabled={busy}
          aria-busy={busy}
          className="h-10 rounded-[3px] bg-blurple px-4 text-sm font-medium text-white hover:bg-blurple-hover disabled:cursor-wait disabled:opacity-70"
        >
          {mode === "create" ? t("room_form.create") : t("room_form.save")}
        </button>
      </div>
    </form>
  );
}

const VISIBILITY_ICONS = { public: Hash, private: Lock } as const;

/** Public or private, as two cards to pick from, each saying who will see the room. */
function VisibilityChoice({ value, onChange }: { value: RoomVisibility; onChange: (value: RoomVisibility) => void }) {
  const t = useTranslations("members.room_form");
  return (
    <fieldset className="mt-4">
      <legend className="mb-2 text-xs font-bold tracking-wide text-muted uppercase">{t("visibility")}</legend>
      <div className="space-y-1.5">
        {(["public", "private"] as const).map((choice) => {
          const Icon = VISIBILITY_ICONS[choice];
          return (
            <label
              key={choice}
              className="group flex min-h-11 cursor-pointer items-center gap-3 rounded-[3px] bg-panel px-3 py-2 has-checked:bg-line has-focus-visible:outline-2 has-focus-visible:outline-link"
            >
              <Icon aria-hidden="true" className="size-5 shrink-0 text-muted" />
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-medium text-ink-strong">{t(choice)}</span>
                {/* Grey is too faint on the chosen card's lighter background. */}
                <span id={`visibility-${choice}-hint`} className="block text-xs text-muted group-has-checked:text-ink">
                  {t(`${choice}_hint`)}
                </span>
              </span>
              <input
                type="radio"
                name="visibility"
                value={choice}
                checked={value === choice}
                onChange={() => onChange(choice)}
                aria-label={t(choice)}
                aria-describedby={`visibility-${choice}-hint`}
                className="size-5 shrink-0 accent-blurple focus-visible:outline-none"
              />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
