// One conversation: its header with the agent's actions, the messages
// (older pages load as the thread scrolls up) and the composer.
import { ArrowLeft, Bot, Check, CheckCheck, CircleAlert, Clock, Headset, Hourglass, MoreVertical, StickyNote, Tag, UserRound, X } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { ErrorState, Skeleton, Spinner } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import {
  threadOrder,
  useAddLabel,
  useAssign,
  useContact,
  useConversation,
  useHandoff,
  useMarkRead,
  useMessages,
  useRelease,
  useRemoveLabel,
  useSetStatus,
  type Conversation,
  type Message,
} from "@/features/inbox";
import { useMembers } from "@/features/members";
import { isHeld } from "@/features/held";
import { useSession } from "@/features/session";
import { cn } from "@/lib/utils";
import MessageMedia from "./MessageMedia";
import { Avatar } from "./ConversationList";
import { Composer } from "./Composer";
import { campaignOf, dayLabel, messageTime, readsFor, replyContext, sendErrorCode, sendErrorCodes, statusTrail } from "./format";
import { ActivityLine } from "./ActivityLine";
import { isActivity } from "./activity";
import { MessageActions } from "./MessageActions";
import { ReactionChips } from "./ReactionChips";
import { actionsFor, onTarget, reactionsOn, type Reactions } from "./reactions";
import { channelName } from "@/lib/channel";

export function Thread({ id }: { id: string }) {
  const conv = useConversation(id);
  if (conv.isPending) {
    return (
      <div className="grid gap-3 p-4">
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-16 w-2/3" />
        <Skeleton className="ml-auto h-16 w-2/3" />
      </div>
    );
  }
  if (conv.isError) return <ErrorState error={conv.error} onRetry={() => void conv.refetch()} className="m-auto" />;
  return <Loaded c={conv.data} />;
}

function Loaded({ c }: { c: Conversation }) {
  const markRead = useMarkRead(c.id);
  const me = useSession();
  const canWrite = me.principal.role !== "viewer";
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const { mutate } = markRead;
  const reader = readsFor(c, me.principal.user_id, canWrite);
  useEffect(() => {
    if (c.unread > 0 && reader) mutate();
  }, [c.unread, reader, mutate]);
  return (
    <>
      <Header c={c} canWrite={canWrite} />
      <Messages c={c} onReply={canWrite ? setReplyTo : undefined} />
      {canWrite && <Composer c={c} replyTo={replyTo} onCancelReply={() => setReplyTo(null)} />}
    </>
  );
}

function Header({ c, canWrite }: { c: Conversation; canWrite: boolean }) {
  const { t } = useTranslation();
  const contact = useContact(c.contact_id);
  const name = contact.data?.name || contact.data?.phone || "…";
  return (
    <div className="border-b border-border bg-card">
      <div className="flex items-center gap-2 px-2 py-2 sm:px-4">
        <Button asChild variant="ghost" size="icon" className="md:hidden" aria-label={t("inboxPage.back")}>
          <Link to="/inbox">
            <ArrowLeft />
          </Link>
        </Button>
        <Avatar name={contact.data?.name ?? ""} className="size-9" />
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-sm font-semibold" data-testid="thread-title">
            {name}
          </h2>
          <p className="truncate text-xs text-muted-foreground">
            {[contact.data?.phone, channelName(c.channel)].filter(Boolean).join(" · ")}
          </p>
        </div>
        <Badge variant={c.handler === "human" ? "violet" : "outline"} data-testid="handler" data-handler={c.handler}>
          {c.handler === "human" ? <Headset className="size-3" aria-hidden /> : <Bot className="size-3" aria-hidden />}
          {t(`inboxPage.handler.${c.handler === "human" ? "human" : "bot"}`)}
        </Badge>
        <Badge variant={c.status === "open" ? "success" : c.status === "pending" ? "warning" : "secondary"} data-testid="status" className="hidden sm:inline-flex">
          {t(`inboxPage.statusOne.${c.status as "open"}`)}
        </Badge>
        {canWrite && <Actions c={c} />}
      </div>
      <Labels c={c} canWrite={canWrite} />
    </div>
  );
}

function Actions({ c }: { c: Conversation }) {
  const { t } = useTranslation();
  const me = useSession();
  const members = useMembers();
  const assign = useAssign(c.id);
  const handoff = useHandoff(c.id);
  const release = useRelease(c.id);
  const status = useSetStatus(c.id);
  const busy = assign.isPending || handoff.isPending || release.isPending || status.isPending;
  const setStatus = (s: string) =>
    status.mutate(s, { onSuccess: () => toast.success(t("inboxPage.actions.statusChanged", { status: t(`inboxPage.statusOne.${s as "open"}`) })) });
  const assignTo = (userId: string) => assign.mutate(userId, { onSuccess: () => toast.success(t("inboxPage.actions.assigned")) });
  const assigneeName = members.data?.find((m) => m.user_id === c.assignee_id)?.name;
  return (
    <div className="flex items-center gap-1">
      {c.handler === "human" ? (
        <Button variant="outline" size="sm" aria-label={t("inboxPage.actions.release")} title={t("inboxPage.actions.release")} loading={release.isPending} disabled={busy} onClick={() => release.mutate(undefined, { onSuccess: () => toast.success(t("inboxPage.actions.released")) })}>
          <Bot />
          <span className="hidden lg:inline">{t("inboxPage.actions.release")}</span>
        </Button>
      ) : (
        <Button size="sm" aria-label={t("inboxPage.actions.handoff")} title={t("inboxPage.actions.handoff")} loading={handoff.isPending} disabled={busy} onClick={() => handoff.mutate(me.principal.user_id ?? "", { onSuccess: () => toast.success(t("inboxPage.actions.handedOff")) })}>
          <Headset />
          <span className="hidden lg:inline">{t("inboxPage.actions.handoff")}</span>
        </Button>
      )}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={t("inboxPage.actions.more")} disabled={busy}>
            <MoreVertical />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-60">
          <DropdownMenuLabel>
            {t("inboxPage.actions.assign")}
            {assigneeName ? `: ${assigneeName}` : ""}
          </DropdownMenuLabel>
          {c.assignee_id !== me.principal.user_id && (
            <DropdownMenuItem onSelect={() => assignTo((me.principal.user_id ?? ""))}>
              <UserRound className="size-4" /> {t("inboxPage.actions.assignToMe")}
            </DropdownMenuItem>
          )}
          {(members.data ?? [])
            .filter((m) => m.user_id !== me.principal.user_id && m.user_id !== c.assignee_id && m.role !== "viewer")
            .slice(0, 8)
            .map((m) => (
              <DropdownMenuItem key={m.user_id} onSelect={() => assignTo(m.user_id)}>
                <UserRound className="size-4" /> {m.name || m.email}
              </DropdownMenuItem>
            ))}
          {c.assignee_id && (
            <DropdownMenuItem onSelect={() => assignTo("")}>
              <X className="size-4" /> {t("inboxPage.actions.unassign")}
            </DropdownMenuItem>
          )}
          <DropdownMenuSeparator />
          {c.status !== "resolved" && (
            <DropdownMenuItem onSelect={() => setStatus("resolved")}>
              <Check className="size-4" /> {t("inboxPage.actions.resolve")}
            </DropdownMenuItem>
          )}
          {c.status !== "pending" && (
            <DropdownMenuItem onSelect={() => setStatus("pending")}>
              <Clock className="size-4" /> {t("inboxPage.actions.pending")}
            </DropdownMenuItem>
          )}
          {c.status !== "open" && (
            <DropdownMenuItem onSelect={() => setStatus("open")}>
              <CheckCheck className="size-4" /> {t("inboxPage.actions.reopen")}
            </DropdownMenuItem>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}

function Labels({ c, canWrite }: { c: Conversation; canWrite: boolean }) {
  const { t } = useTranslation();
  const add = useAddLabel(c.id);
  const remove = useRemoveLabel(c.id);
  const [label, setLabel] = useState("");
  if (!canWrite && c.labels.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-1.5 px-3 pb-2 sm:px-4" data-testid="labels">
      <Tag className="size-3.5 text-muted-foreground" aria-label={t("inboxPage.actions.labels")} />
      {c.labels.map((l) => (
        <Badge key={l} variant="secondary" data-label={l}>
          {l}
          {canWrite && (
            <button type="button" onClick={() => remove.mutate(l)} aria-label={t("inboxPage.actions.removeLabel", { label: l })} className="hover:text-foreground">
              <X className="size-3" />
            </button>
          )}
        </Badge>
      ))}
      {canWrite && (
        <form
          className="flex"
          onSubmit={(e) => {
            e.preventDefault();
            const v = label.trim();
            if (!v) return;
            add.mutate(v, { onSuccess: () => (setLabel(""), toast.success(t("inboxPage.actions.labelAdded"))) });
          }}
        >
          <Input
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t("inboxPage.actions.addLabel")}
            aria-label={t("inboxPage.actions.addLabel")}
            className="h-6 w-32 rounded-full px-2 text-xs"
            maxLength={64}
          />
        </form>
      )}
    </div>
  );
}

/** Messages is the thread; onReply, for those who may write, puts a message's actions beside it. */
function Messages({ c, onReply }: { c: Conversation; onReply?: (m: Message) => void }) {
  const { t } = useTranslation();
  const id = c.id;
  const q = useMessages(id);
  const box = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const fromBottom = useRef<number | null>(null);
  const nearBottom = useRef(true);
  const items = threadOrder(q.data?.pages);
  const byProvider = new Map(items.filter((m) => m.provider_message_id).map((m) => [m.provider_message_id!, m]));
  const reactions = reactionsOn(items);
  const shown = items.filter((m) => !onTarget(m, (wamid) => byProvider.has(wamid))); // reactions show on their message as chips
  const first = items[0]?.id;
  const last = items[items.length - 1]?.id;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;

  useEffect(() => {
    const el = top.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver(
      (es) => {
        if (!es.some((e) => e.isIntersecting) || isFetchingNextPage || !box.current) return;
        fromBottom.current = box.current.scrollHeight - box.current.scrollTop;
        void fetchNextPage();
      },
      { root: box.current },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (fromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - fromBottom.current; // older page above: keep the view still
      fromBottom.current = null;
    } else if (nearBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [first, last]);

  return (
    <div
      ref={box}
      className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-6"
      data-testid="thread"
      onScroll={(e) => {
        const el = e.currentTarget;
        nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {q.isPending ? (
        <Spinner className="py-8" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="mx-auto grid max-w-3xl gap-1.5">
          <div ref={top} />
          {isFetchingNextPage ? (
            <Spinner className="py-2" label={t("inboxPage.loadingOlder")} />
          ) : (
            !hasNextPage && <p className="py-2 text-center text-xs text-muted-foreground">{t("inboxPage.threadStart")}</p>
          )}
          {shown.map((m, i) => (
            <div key={m.id} className="grid gap-1.5">
              {(i === 0 || dayLabel(shown[i - 1]!.created_at) !== dayLabel(m.created_at)) && (
                <p className="my-2 text-center text-xs font-medium text-muted-foreground">{dayLabel(m.created_at)}</p>
              )}
              {isActivity(m) ? (
                <ActivityLine m={m} contactId={c.contact_id} />
              ) : (
                <Bubble
                  m={m}
                  byProvider={byProvider}
                  reactions={m.provider_message_id ? reactions.get(m.provider_message_id) : undefined}
                  actions={onReply && <MessageActions m={m} can={actionsFor(m, c)} ours={m.provider_message_id ? reactions.get(m.provider_message_id)?.ours : undefined} onReply={onReply} />}
                />
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

type BubbleProps = { m: Message; byProvider: Map<string, Message>; reactions?: Reactions; actions?: ReactNode };

function Bubble({ m, byProvider, reactions, actions }: BubbleProps) {
  const { t } = useTranslation();
  const ctx = replyContext(m, byProvider);
  const members = useMembers();
  const me = useSession();
  const out = m.direction === "out";
  const note = m.direction === "note";
  const campaign = out && !m.author_id ? campaignOf(m.extra) : "";
  const author = m.author_id
    ? m.author_id === me.principal.user_id
      ? t("inboxPage.you")
      : (members.data?.find((x) => x.user_id === m.author_id)?.name ?? "")
    : campaign
      ? t("inboxPage.campaign")
      : out
        ? t("inboxPage.bot")
        : "";
  return (
    <div
      className={cn("group flex items-center gap-1", out || note ? "justify-end" : "justify-start")}
      data-testid="message"
      data-direction={m.direction}
      data-author={m.author_id ? "agent" : campaign ? "campaign" : out ? "bot" : "contact"}
      data-status={m.status}
    >
      {out && actions}
      <div className={cn("flex min-w-0 max-w-[85%] flex-col sm:max-w-[70%]", out || note ? "items-end" : "items-start")}>
        <div
          className={cn(
            "max-w-full rounded-2xl px-3 py-2 text-sm shadow-xs",
            out && "rounded-br-sm bg-primary text-primary-foreground",
            note && "rounded-br-sm border border-amber-200 bg-amber-50 text-amber-950",
            !out && !note && "rounded-bl-sm border border-border bg-card",
          )}
        >
          {note && (
            <p className="mb-0.5 flex items-center gap-1 text-[11px] font-semibold uppercase tracking-wide text-amber-700">
              <StickyNote className="size-3" aria-hidden /> {t("inboxPage.note")}
            </p>
          )}
          {ctx && (
            <p data-testid="reply-context" className={cn("mb-1 line-clamp-2 border-l-2 pl-2 text-xs", out ? "border-primary-foreground/50 text-primary-foreground/80" : "border-primary/40 text-muted-foreground")}>
              {ctx.reaction !== undefined
                ? ctx.target ? t("inboxPage.reactionTo", { text: ctx.target }) : t("inboxPage.reactionToEarlier")
                : ctx.target ? t("inboxPage.replyTo", { text: ctx.target }) : t("inboxPage.replyToEarlier")}
            </p>
          )}
          {m.media?.blob_id && <MessageMedia media={m.media} />}
          {(m.text || !m.media?.blob_id) && (
            <p className="whitespace-pre-wrap break-words">
              {m.text || (ctx?.reaction === "" ? t("inboxPage.reactionRemoved") : m.media ? `[${m.media.type}]` : `[${m.type}]`)}
            </p>
          )}
          <p className={cn("mt-1 flex items-center justify-end gap-1 text-[11px]", out ? "text-primary-foreground/75" : "text-muted-foreground")}>
            {author && <span>{author} ·</span>}
            <time dateTime={m.created_at}>{messageTime(m.created_at)}</time>
            {out && <StatusIcon status={m.status ?? ""} error={m.error} history={m.status_history} />}
          </p>
          {out && m.status === "failed" && m.error && <SendError reason={m.error} />}
          {out && isHeld(m) && <HeldTag />}
          {m.direction === "in" && m.error && (
            <p data-testid="message-problem" title={m.error} className="mt-1 border-t border-border pt-1 text-[11px] text-muted-foreground">
              {t("inboxPage.receivedProblem", {
                error: m.error.startsWith("Media not downloaded")
                  ? t("inboxPage.mediaNotDownloaded")
                  : sendErrorCode(m.error, ["131051"])
                    ? t("inboxPage.unsupportedMessage")
                    : m.error,
              })}
            </p>
          )}
        </div>
        <ReactionChips reactions={reactions} out={out || note} />
      </div>
      {!out && actions}
    </div>
  );
}

/** HeldTag says a sent message waits in WhatsApp's hold (template pacing)
 * rather than on its way; it goes when a later status comes. */
function HeldTag() {
  const { t } = useTranslation();
  const text = t("sendHeld");
  return (
    <p data-testid="message-held" title={text} className="mt-1 flex items-center gap-1 border-t border-primary-foreground/30 pt-1 text-[11px] text-primary-foreground/75">
      <Hourglass className="size-3" aria-hidden /> {text}
    </p>
  );
}

/** SendError says why a reply was not sent, in the team's words when the
 * provider's code is a known one; the provider's own text is its title. */
function SendError({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const code = sendErrorCode(reason, sendErrorCodes);
  const said = code ? `${t(`inboxPage.sendErrors.${code as "131047"}`)} (${code})` : reason;
  return (
    <p data-testid="message-error" title={reason} className="mt-1 border-t border-primary-foreground/30 pt-1 text-[11px] font-medium">
      {t("inboxPage.notSent", { error: said })}
    </p>
  );
}

function StatusIcon({ status, error, history }: { status: string; error?: string; history?: { status: string; at: string }[] }) {
  const { t } = useTranslation();
  const name = (s: string) => t(`inboxPage.messageStatus.${(s || "pending") as "sent"}`, { defaultValue: s });
  const label = name(status);
  const trail = statusTrail(history, name) || label;
  const Icon = status === "failed" ? CircleAlert : status === "delivered" || status === "read" ? CheckCheck : status === "sent" ? Check : Clock;
  return (
    <span title={error ? `${trail}: ${error}` : trail} data-testid="message-status" aria-label={label} className={cn("inline-flex", status === "read" && "text-sky-200")}>
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}
