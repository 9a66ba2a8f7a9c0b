import { useFormatter, useTranslations } from "next-intl";
import type { DeviceView } from "@/lib/auth/profile";
import type { DeviceKind } from "@/lib/auth/user-agent";

/** «Chrome на Linux», or whichever half the User-Agent gave. */
function useDeviceName() {
  const t = useTranslations("settings");
  return ({ browser, system }: DeviceKind) => {
    const browserName = browser ? t(`browsers.${browser}`) : null;
    if (browserName && system) return t("devices.kind", { browser: browserName, system });
    return browserName ?? system ?? t("devices.unknown_kind");
  };
}

function When({ at }: { at: Date | null }) {
  const t = useTranslations("settings");
  const format = useFormatter();
  if (!at) return <>{t("devices.never")}</>;
  return <time dateTime={at.toISOString()}>{format.dateTime(at, { dateStyle: "medium", timeStyle: "short" })}</time>;
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
  const t = useTranslations("settings");
  const deviceName = useDeviceName();
  const others = devices.filter((device) => !device.current).length;
  return (
    <div>
      <ul className="divide-y divide-line" aria-label={t("devices.title")}>
        {devices.map((device) => (
          <li key={device.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-current={device.current || undefined}>
            <div className="min-w-0">
              <p className="font-medium text-ink-strong">
                {deviceName(device.kind)}
                {device.current ? (
                  // Green only in the frame: green text on the dark panel is too faint to read (axe color-contrast).
                  <span className="ml-2 rounded-[3px] border border-online/50 bg-online/10 px-1.5 py-0.5 text-xs font-semibold text-ink-strong">
                    {t("devices.current")}
                  </span>
                ) : null}
              </p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-sm text-muted">
                <dt>{t("devices.address")}</dt>
                <dd className="break-all">{device.ip ?? t("devices.unknown_address")}</dd>
                <dt>{t("devices.signed_in")}</dt>
                <dd className="whitespace-nowrap">
                  <When at={device.signedInAt} />
                </dd>
                <dt>{t("devices.last_seen")}</dt>
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
                  aria-label={t("devices.end_label", { device: deviceName(device.kind) })}
                  className="h-9 rounded-[3px] border border-danger/60 px-3 text-sm font-medium whitespace-nowrap text-danger transition-colors hover:bg-danger-strong hover:text-white"
                >
                  {t("devices.end")}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm text-muted">{t("devices.others", { count: others })}</p>
      {others > 0 ? (
        <form action={endOthers} className="mt-3">
          <button
            type="submit"
            className="min-h-10 w-full rounded-[3px] bg-danger-strong px-4 py-2 font-medium text-white transition-colors hover:bg-danger-strong-hover sm:w-auto"
          >
            {t("devices.end_others")}
          </button>
        </form>
      ) : null}
    </div>
  );
}
