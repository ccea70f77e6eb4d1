// The conversation list: filters, an order (latest, or longest waiting), a
// debounced search of contacts and messages, and pages loaded as the list
// scrolls.
import { Bot, Clock, Headset, Inbox, Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, ErrorState, Skeleton, Spinner } from "@/components/ui/states";
import { NO_FILTER, useContact, useContactSearch, useConversations, useMessageSearch, type Conversation, type InboxFilter } from "@/features/inbox";
import { useSession } from "@/features/session";
import { cn } from "@/lib/utils";
import { initials, listTime } from "./format";
import { LastMessageMark } from "./LastMessageMark";
import { useDebounced } from "./useDebounced";
import { waitedMinutes, waitingFor } from "./waiting";

const ANY = "any";

export function ConversationList({ selected }: { selected: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const [filter, setFilter] = useState<InboxFilter>(NO_FILTER);
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 300);
  const set = (k: keyof InboxFilter) => (v: string) => setFilter((f) => ({ ...f, [k]: v === ANY ? "" : v }));
  const assignee = filter.assignee === me.principal.user_id ? "mine" : filter.assignee || ANY;
  return (
    <>
      <div className="grid gap-2 border-b border-border p-3">
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t("inboxLife.search")}
            aria-label={t("inboxLife.search")}
            className="pl-8"
          />
          {q && (
            <button type="button" className="absolute right-2 top-2.5 text-muted-foreground hover:text-foreground" onClick={() => setQ("")} aria-label={t("common.close")}>
              <X className="size-4" />
            </button>
          )}
        </div>
        {!query && (
          <div className="grid grid-cols-3 gap-2">
            <Select value={filter.status || ANY} onValueChange={set("status")}>
              <SelectTrigger aria-label={t("inboxPage.filters.status")} className="h-8 px-2 text-xs">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>{t("inboxPage.filters.any")}</SelectItem>
                {(["open", "pending", "resolved"] as const).map((s) => (
                  <SelectItem key={s} value={s}>
                    {t(`inboxPage.status.${s}`)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <Select value={assignee} onValueChange={(v) => set("assignee")(v === "mine" ? (me.principal.user_id ?? "") : v)}>
              <SelectTrigger aria-label={t("inboxPage.filters.assignee")} className="h-8 px-2 text-xs">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>{t("inboxPage.filters.any")}</SelectItem>
                <SelectItem value="mine">{t("inboxPage.filters.mine")}</SelectItem>
                <SelectItem value="none">{t("inboxPage.filters.unassigned")}</SelectItem>
              </SelectContent>
            </Select>
            <Select value={filter.handler || ANY} onValueChange={set("handler")}>
              <SelectTrigger aria-label={t("inboxPage.filters.handler")} className="h-8 px-2 text-xs">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>{t("inboxPage.filters.any")}</SelectItem>
                <SelectItem value="bot">{t("inboxPage.handler.bot")}</SelectItem>
                <SelectItem value="human">{t("inboxPage.handler.human")}</SelectItem>
              </SelectContent>
            </Select>
          </div>
        )}
        {!query && (
          <Select value={filter.sort || "recent"} onValueChange={(v) => setFilter((f) => ({ ...f, sort: v === "waiting" ? "waiting" : "" }))}>
            <SelectTrigger aria-label={t("inboxLife.sort.label")} className="h-8 px-2 text-xs" data-testid="list-sort">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="recent">{t("inboxLife.sort.recent")}</SelectItem>
              <SelectItem value="waiting">{t("inboxLife.sort.waiting")}</SelectItem>
            </SelectContent>
          </Select>
        )}
        {filter.label && !query && (
          <Badge variant="secondary" className="w-fit">
            {filter.label}
            <button type="button" onClick={() => set("label")("")} aria-label={t("inboxPage.actions.removeLabel", { label: filter.label })}>
              <X className="size-3" />
            </button>
          </Badge>
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {query ? <SearchResults q={query} selected={selected} /> : <Conversations filter={filter} selected={selected} onLabel={set("label")} />}
      </div>
    </>
  );
}

function Conversations({ filter, selected, onLabel }: { filter: InboxFilter; selected: string; onLabel: (l: string) => void }) {
  const { t } = useTranslation();
  const list = useConversations(filter);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver((es) => {
      if (es.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (list.isPending) return <ListSkeleton />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0 && filter.sort === "waiting") {
    return (
      <EmptyState icon={Clock} title={t("inboxLife.waitingEmpty")}>
        {t("inboxLife.waitingEmptyHint")}
      </EmptyState>
    );
  }
  if (items.length === 0) {
    return (
      <EmptyState icon={Inbox} title={t("inboxPage.empty")}>
        {t("inboxPage.emptyHint")}
      </EmptyState>
    );
  }
  return (
    <ul>
      {items.map((c) => (
        <Row key={c.id} c={c} active={c.id === selected} onLabel={onLabel} />
      ))}
      <div ref={sentinel} />
      {isFetchingNextPage && <Spinner className="py-3" />}
    </ul>
  );
}

function Row({ c, active, onLabel }: { c: Conversation; active: boolean; onLabel: (l: string) => void }) {
  const { t } = useTranslation();
  const contact = useContact(c.contact_id);
  const name = contact.data?.name || contact.data?.phone || "…";
  return (
    <li data-testid={`conversation-${c.id}`} data-unread={c.unread} className="border-b border-border last:border-b-0">
      <Link
        to={`/inbox/${c.id}`}
        aria-current={active ? "page" : undefined}
        className={cn("flex gap-3 px-3 py-3 transition-colors hover:bg-muted/60", active && "bg-accent hover:bg-accent")}
      >
        <Avatar name={contact.data?.name ?? ""} />
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline justify-between gap-2">
            <span className={cn("truncate text-sm", c.unread > 0 ? "font-semibold" : "font-medium")}>{name}</span>
            <time className="shrink-0 text-xs text-muted-foreground" dateTime={c.last_message_at}>
              {listTime(c.last_message_at)}
            </time>
          </div>
          <div className="mt-0.5 flex items-center gap-2">
            <p className="min-w-0 flex-1 truncate text-sm text-muted-foreground" data-testid="preview">
              <LastMessageMark status={c.last_message_status} />
              {c.preview}
            </p>
            {c.unread > 0 && (
              <span className="flex h-5 min-w-5 items-center justify-center rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground" aria-label={t("inboxPage.unread", { count: c.unread })}>
                {c.unread}
              </span>
            )}
          </div>
          <div className="mt-1.5 flex flex-wrap items-center gap-1">
            <Badge variant={c.handler === "human" ? "violet" : "outline"}>
              {c.handler === "human" ? <Headset className="size-3" aria-hidden /> : <Bot className="size-3" aria-hidden />}
              {t(`inboxPage.handler.${c.handler === "human" ? "human" : "bot"}`)}
            </Badge>
            {c.waiting_since && <Waiting since={c.waiting_since} />}
            {c.status !== "open" && <Badge variant={c.status === "pending" ? "warning" : "secondary"}>{t(`inboxPage.statusOne.${c.status as "open"}`)}</Badge>}
            {c.labels.map((l) => (
              <button
                key={l}
                type="button"
                className="rounded-full"
                onClick={(e) => {
                  e.preventDefault();
                  onLabel(l);
                }}
              >
                <Badge variant="secondary">{l}</Badge>
              </button>
            ))}
          </div>
        </div>
      </Link>
    </li>
  );
}

/** SearchResults: the conversations of contacts matching by name or phone first, then the messages matching by text. */
function SearchResults({ q, selected }: { q: string; selected: string }) {
  const { t } = useTranslation();
  const r = useMessageSearch(q);
  const contacts = useContactSearch(q);
  if (q.length < 2) return null;
  if (r.isPending && contacts.isPending) return <ListSkeleton />;
  if (r.isError) return <ErrorState error={r.error} onRetry={() => void r.refetch()} />;
  const found = contacts.data ?? [];
  const messages = r.data ?? [];
  if (!r.isPending && !contacts.isPending && found.length === 0 && messages.length === 0) {
    return <EmptyState icon={Search} title={t("inboxPage.searchNone", { q })} />;
  }
  return (
    <div>
      {found.length > 0 && (
        <section aria-label={t("inboxLife.contacts")} data-testid="contact-results">
          <h3 className="px-3 pt-3 text-xs font-medium text-muted-foreground">{t("inboxLife.contacts")}</h3>
          <ul>
            {found.map((c) => (
              <Row key={c.id} c={c} active={c.id === selected} onLabel={() => {}} />
            ))}
          </ul>
        </section>
      )}
      {messages.length > 0 && (
        <section aria-label={t("inboxLife.messages")}>
          <p className="px-3 pt-3 text-xs text-muted-foreground" role="status">
            {t("inboxPage.searchResults", { count: messages.length })}
          </p>
          <ul>
            {messages.map((m) => (
              <li key={m.id} className="border-b border-border last:border-b-0" data-testid="search-result">
                <Link
                  to={`/inbox/${m.conversation_id}`}
                  className={cn("block px-3 py-2.5 hover:bg-muted/60", m.conversation_id === selected && "bg-accent")}
                >
                  <SearchName contactId={m.contact_id} at={m.created_at} />
                  <p className="mt-0.5 line-clamp-2 text-sm text-muted-foreground">{m.text}</p>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** Waiting says how long the customer has waited for an answer. */
function Waiting({ since }: { since: string }) {
  const { t } = useTranslation();
  useMinuteTick();
  return (
    <span className="inline-flex items-center gap-1 text-xs text-amber-700" data-testid="waiting" data-since={since} title={new Date(since).toLocaleString()}>
      <Clock className="size-3" aria-hidden />
      {waitedMinutes(since) === 0 ? t("inboxLife.waitingNow") : t("inboxLife.waiting", { time: waitingFor(since) })}
    </span>
  );
}

/** useMinuteTick renders its component again every minute, so a wait's length moves on its own. */
function useMinuteTick() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setTick((n) => n + 1), 60_000);
    return () => window.clearInterval(id);
  }, []);
}

function SearchName({ contactId, at }: { contactId: string; at: string }) {
  const c = useContact(contactId);
  return (
    <div className="flex items-baseline justify-between gap-2 text-sm">
      <span className="truncate font-medium">{c.data?.name || c.data?.phone || "…"}</span>
      <time className="shrink-0 text-xs text-muted-foreground">{listTime(at)}</time>
    </div>
  );
}

export function Avatar({ name, className }: { name: string; className?: string }) {
  return (
    <span className={cn("flex size-10 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-primary", className)} aria-hidden>
      {initials(name)}
    </span>
  );
}

function ListSkeleton() {
  return (
    <div className="grid gap-4 p-3" aria-busy>
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex gap-3">
          <Skeleton className="size-10 rounded-full" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-3 w-full" />
          </div>
        </div>
      ))}
    </div>
  );
}
