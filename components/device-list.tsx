import type { DeviceView } from "@/lib/auth/profile";

const TEXT = {
  current: "Это устройство",
  address: "Адрес",
  signedIn: "Вход",
  lastSeen: "Активность",
  never: "—",
  unknownAddress: "неизвестен",
  end: "Завершить",
  endOthers: "Выйти на всех других устройствах",
  endLabel: (browser: string) => `Завершить сеанс: ${browser}`,
  none: "Других устройств нет.",
};

const dateTime = new Intl.DateTimeFormat("ru", { dateStyle: "medium", timeStyle: "short" });

function When({ at }: { at: Date | null }) {
  if (!at) return <>{TEXT.never}</>;
  return <time dateTime={at.toISOString()}>{dateTime.format(at)}</time>;
}

/** The user's signed-in devices; ending one is a plain form post, so it works without JavaScript. */
export function DeviceList({
  devices,
  endSession,
  endOthers,
}: {
  devices: DeviceView[];
  endSession: (form: FormData) => Promise<void>;
  endOthers: () => Promise<void>;
}) {
  const others = devices.filter((device) => !device.current).length;
  return (
    <div>
      <ul className="divide-y divide-line" aria-label="Устройства">
        {devices.map((device) => (
          <li key={device.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-current={device.current || undefined}>
            <div className="min-w-0">
              <p className="font-medium text-ink-strong">
                {device.browser}
                {device.current ? (
                  <span className="ml-2 rounded-[3px] bg-online/15 px-1.5 py-0.5 text-xs font-semibold text-online">{TEXT.current}</span>
                ) : null}
              </p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-sm text-muted">
                <dt>{TEXT.address}:</dt>
                <dd className="break-all">{device.ip ?? TEXT.unknownAddress}</dd>
                <dt>{TEXT.signedIn}:</dt>
                <dd className="whitespace-nowrap">
                  <When at={device.signedInAt} />
                </dd>
                <dt>{TEXT.lastSeen}:</dt>
                <dd className="whitespace-nowrap">
                  <When at={device.lastSeenAt} />
                </dd>
              </dl>
            </div>
            {device.current ? null : (
              <form action={endSession}>
                <input type="hidden" name="session_id" value={device.id} />
                <button
                  type="submit"
                  aria-label={TEXT.endLabel(device.browser)}
                  className="h-9 rounded-[3px] border border-danger/60 px-3 text-sm font-medium text-danger transition-colors hover:bg-danger-strong hover:text-white"
                >
                  {TEXT.end}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <form action={endOthers} className="mt-4">
          <button
            type="submit"
            className="min-h-10 w-full rounded-[3px] bg-danger-strong px-4 py-2 font-medium text-white transition-colors hover:bg-danger-strong-hover sm:w-auto"
          >
            {TEXT.endOthers}
          </button>
        </form>
      ) : (
        <p className="mt-3 text-sm text-muted">{TEXT.none}</p>
      )}
    </div>
  );
}
