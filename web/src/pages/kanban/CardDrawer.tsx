import { MessagesSquare } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "@/api/client";
import { Link } from "@/app/router";
import { Badge } from "@/components/ui/badge";
import { EmptyState, ErrorState, Spinner } from "@/components/ui/states";
import { useCardHistory, useLatestConversation, type Board, type Card, type CardEvent } from "@/features/kanban";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CardForm } from "./CardForm";
import { formatMoney } from "./money";
import { SidePanel } from "./SidePanel";
import { channelName } from "@/lib/channel";

/** CardDrawer shows a card with its editable fields, its history and the contact's latest conversation. */
export function CardDrawer({
  card,
  board,
  contact,
  onClose,
}: {
  card: Card | undefined;
  board: Board;
  contact: Schemas["Contact"] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const stage = board.stages.find((s) => s.id === card?.stage_id);
  return (
    <SidePanel open={!!card} onOpenChange={(o) => !o && onClose()} title={card?.title ?? ""} description={board.name}>
      {card && (
        <div className="grid gap-6">
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt className="text-xs text-muted-foreground">{t("kanbanPage.drawer.stage")}</dt>
              <dd className="font-medium" data-testid="drawer-stage">{stage?.name}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">{t("kanbanPage.drawer.value")}</dt>
              <dd className="font-medium" data-testid="drawer-value">{formatMoney(card.value_cents, card.currency)}</dd>
            </div>
            <div className="col-span-2">
              <dt className="text-xs text-muted-foreground">{t("kanbanPage.drawer.contact")}</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{contact?.name ?? "…"}</span>
                {contact?.phone && <span className="text-muted-foreground">{contact.phone}</span>}
                <Link to={`/contacts/${card.contact_id}`} className="text-xs text-primary hover:underline">
                  {t("kanbanPage.drawer.openContact")}
                </Link>
              </dd>
            </div>
          </dl>
          <CardForm key={`${card.id}-${card.updated_at}`} card={card} />
          <Conversation contactId={card.contact_id} />
          <History id={card.id} />
        </div>
      )}
    </SidePanel>
  );
}


function Conversation({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const { conversation, messages } = useLatestConversation(contactId);
  return (
    <section className="grid gap-2">
      <h3 className="text-sm font-semibold">{t("kanbanPage.drawer.conversation")}</h3>
      {conversation.isPending ? (
        <Spinner className="py-4" />
      ) : conversation.isError ? (
        <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} className="py-4" />
      ) : !conversation.data ? (
        <EmptyState icon={MessagesSquare} title={t("kanbanPage.drawer.noConversation")} className="py-6" />
      ) : messages.isPending ? (
        <Spinner className="py-4" />
      ) : messages.isError ? (
        <ErrorState error={messages.error} onRetry={() => void messages.refetch()} className="py-4" />
      ) : messages.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("kanbanPage.drawer.noMessages")}</p>
      ) : (
        <div className="grid max-h-80 gap-2 overflow-y-auto rounded-lg bg-muted/40 p-3" data-testid="drawer-messages">
          <Badge variant="outline" className="justify-self-start">{channelName(conversation.data.channel)}</Badge>
          {messages.data.filter((m) => m.direction !== "system").map((m) => (
            <div
              key={m.id}
              data-direction={m.direction}
              className={cn(
                "max-w-[85%] rounded-lg px-3 py-2 text-sm shadow-xs",
                m.direction === "in" ? "justify-self-start bg-card" : m.direction === "note" ? "justify-self-end bg-amber-50" : "justify-self-end bg-primary/10",
              )}
            >
              <p className="whitespace-pre-wrap break-words">{m.text || `[${m.type}]`}</p>
              <p className="mt-1 text-[11px] text-muted-foreground">{formatDateTime(m.created_at)}</p>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useCardHistory(id);
  function label(e: CardEvent): string {
    if (e.kind === "created") return t("kanbanPage.drawer.created", { stage: e.to_stage ?? "" });
    if (e.kind === "moved") return t("kanbanPage.drawer.movedFromTo", { from: e.from_stage ?? "", to: e.to_stage ?? "" });
    return t("kanbanPage.drawer.updated");
  }
  return (
    <section className="grid gap-2">
      <h3 className="text-sm font-semibold">{t("kanbanPage.drawer.history")}</h3>
      {history.isPending ? (
        <Spinner className="py-4" />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} className="py-4" />
      ) : (
        <ol className="grid gap-2 border-l border-border pl-4" data-testid="card-history">
          {history.data.map((e) => (
            <li key={e.id} className="text-sm">
              <p>{label(e)}</p>
              <p className="text-xs text-muted-foreground">{formatDateTime(e.created_at)}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
