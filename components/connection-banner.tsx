import { Wifi, WifiOff } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ConnectionStatus } from "@/lib/client/chat-state";

/** Always in the DOM, so screen readers hear each change of its text. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const t = useTranslations("chat.connection");
  const lost = status === "reconnecting";
  const back = status === "restored";
  return (
    <div role="status" className="shrink-0">
      {lost ? (
        <p className="flex items-center justify-center gap-2 bg-warning px-3 py-1.5 text-center text-sm font-medium text-deep">
          <WifiOff aria-hidden="true" className="size-4 shrink-0" />
          {t("lost")}
        </p>
      ) : null}
      {back ? (
        <p className="flex items-center justify-center gap-2 bg-online px-3 py-1.5 text-center text-sm font-medium text-deep">
          <Wifi aria-hidden="true" className="size-4 shrink-0" />
          {t("restored")}
        </p>
      ) : null}
    </div>
  );
}
