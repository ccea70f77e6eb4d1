import { Radio } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useInboxStream, type StreamState } from "@/features/stream";
import { cn } from "@/lib/utils";
import { ConversationList } from "./ConversationList";
import { Thread } from "./Thread";
import { EmptyState } from "@/components/ui/states";
import { MessagesSquare } from "lucide-react";

/** InboxPage is the inbox section; subpath is what follows /inbox in the address ("" or "/<conversation id>"). */
export default function InboxPage({ subpath }: { subpath: string }) {
  const { t } = useTranslation();
  const selected = subpath.replace(/^\/+/, "").split("/")[0] ?? "";
  const live = useInboxStream();
  return (
    <div className="-mx-4 -my-6 flex h-[calc(100dvh-3.5rem)] flex-col sm:-mx-6 lg:-mx-8 lg:-my-8" data-testid="inbox">
      <div className="flex items-center justify-between gap-3 border-b border-border bg-card px-4 py-3 sm:px-6">
        <h1 className="text-lg font-semibold tracking-tight">{t("inboxPage.title")}</h1>
        <LiveBadge state={live} />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className={cn("min-h-0 w-full flex-col border-r border-border bg-card md:flex md:w-80 lg:w-96", selected ? "hidden" : "flex")}>
          <ConversationList selected={selected} />
        </div>
        <div className={cn("min-h-0 min-w-0 flex-1 flex-col bg-background", selected ? "flex" : "hidden md:flex")}>
          {selected ? (
            <Thread key={selected} id={selected} />
          ) : (
            <EmptyState icon={MessagesSquare} title={t("inboxPage.pick")} className="m-auto">
              {t("inboxPage.pickHint")}
            </EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}

function LiveBadge({ state }: { state: StreamState }) {
  const { t } = useTranslation();
  const label = state === "live" ? t("inboxPage.live") : state === "connecting" ? t("inboxPage.connecting") : t("inboxPage.offline");
  return (
    <span
      data-testid="live"
      data-state={state}
      title={label}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium",
        state === "live" ? "bg-emerald-50 text-emerald-700" : state === "connecting" ? "bg-muted text-muted-foreground" : "bg-amber-50 text-amber-700",
      )}
    >
      <Radio className={cn("size-3.5", state === "live" && "animate-pulse")} aria-hidden />
      <span className="max-w-40 truncate sm:max-w-none">{label}</span>
    </span>
  );
}
