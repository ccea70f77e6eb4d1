// Server state of the shared inbox (TanStack Query): conversations,
// threads, contacts shown beside them, and every agent action.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { request, uploadFile, type Body, type Schemas } from "@/api/client";

export type Conversation = Schemas["Conversation"];
export type Message = Schemas["Message"];
export type Contact = Schemas["Contact"];
export type ReplyInput = Body<"/api/v1/conversations/{id}/messages", "post">;

/** InboxFilter is the list's filters as the API takes them ("" = any); sort "" is latest first, "waiting" the longest waiting first. */
export type InboxFilter = { status: string; assignee: string; handler: string; label: string; sort?: "" | "waiting" };
export const NO_FILTER: InboxFilter = { status: "open", assignee: "", handler: "", label: "", sort: "" };

export const inboxKeys = {
  all: ["inbox"] as const,
  list: (f: InboxFilter) => ["inbox", "list", f] as const,
  conversation: (id: string) => ["inbox", "conversation", id] as const,
  messages: (id: string) => ["inbox", "messages", id] as const,
  search: (q: string) => ["inbox", "search", q] as const,
  contact: (id: string) => ["contacts", id] as const,
};

const PAGE = 30;

export function useConversations(f: InboxFilter) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(f),
    queryFn: ({ signal, pageParam }) =>
      request("get", "/api/v1/conversations", {
        signal,
        query: { status: f.status, assignee_id: f.assignee, handler: f.handler, label: f.label, sort: f.sort || undefined, cursor: pageParam, limit: PAGE },
      }),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor || undefined,
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: inboxKeys.conversation(id),
    queryFn: ({ signal }) => request("get", "/api/v1/conversations/{id}", { params: { id }, signal }),
    enabled: id !== "",
  });
}

/** useMessages pages a thread newest first; the page shows it oldest first. */
export function useMessages(id: string) {
  return useInfiniteQuery({
    queryKey: inboxKeys.messages(id),
    queryFn: ({ signal, pageParam }) =>
      request("get", "/api/v1/conversations/{id}/messages", { params: { id }, signal, query: { cursor: pageParam, limit: PAGE } }),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor || undefined,
    enabled: id !== "",
  });
}

/** threadOrder flattens the pages (newest first) into reading order, without duplicates. */
export function threadOrder(pages: { items: Message[] }[] | undefined): Message[] {
  const seen = new Set<string>();
  const out: Message[] = [];
  for (const p of pages ?? []) {
    for (const m of p.items) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  // IDs are time-ordered at arrival in the store: the order things happened here,
  // whatever clock a provider stamped them with.
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function useContact(id: string) {
  return useQuery({
    queryKey: inboxKeys.contact(id),
    queryFn: ({ signal }) => request("get", "/api/v1/contacts/{id}", { params: { id }, signal }),
    enabled: id !== "",
    staleTime: 5 * 60_000,
  });
}

/** useContactSearch finds conversations by the contact's name or phone, in any status. */
export function useContactSearch(q: string) {
  return useQuery({
    queryKey: ["inbox", "list", "contact", q] as const,
    queryFn: ({ signal }) => request("get", "/api/v1/conversations", { signal, query: { q, status: "", limit: 10 } }),
    enabled: q.trim().length >= 2,
    select: (r) => r.items,
  });
}

export function useMessageSearch(q: string) {
  return useQuery({
    queryKey: inboxKeys.search(q),
    queryFn: ({ signal }) => request("get", "/api/v1/messages/search", { signal, query: { q, limit: 30 } }),
    enabled: q.trim().length >= 2,
    select: (r) => r.items,
  });
}

/** useTemplates lists the approved templates of the conversation's WhatsApp connection. */
export function useTemplates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["inbox", "templates", id],
    queryFn: ({ signal }) => request("get", "/api/v1/conversations/{id}/templates", { params: { id }, signal }),
    enabled,
    select: (r) => r.items,
    staleTime: 5 * 60_000,
  });
}

export function useCanned(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ["inbox", "canned", q],
    queryFn: ({ signal }) => request("get", "/api/v1/canned-responses", { signal, query: { q } }),
    enabled,
    select: (r) => r.items,
    staleTime: 60_000,
  });
}

/** applyConversation puts a changed conversation in the caches that show it. */
export function applyConversation(qc: QueryClient, c: Conversation) {
  // Only GET /conversations/{id} carries the consent: an event's or an
  // action's conversation keeps the one already read.
  qc.setQueryData<Conversation>(inboxKeys.conversation(c.id), (old) => (c.consent || !old?.consent ? c : { ...c, consent: old.consent }));
  void qc.invalidateQueries({ queryKey: ["inbox", "list"] });
}

/** useConversationAction runs one agent action that answers with the conversation. */
function useConversationAction<V>(call: (v: V) => Promise<Conversation>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: (c) => applyConversation(qc, c) });
}

export function useSetStatus(id: string) {
  return useConversationAction((status: string) =>
    request("patch", "/api/v1/conversations/{id}", { params: { id }, body: { status } }),
  );
}

export function useAssign(id: string) {
  return useConversationAction((userId: string) =>
    request("post", "/api/v1/conversations/{id}/assign", { params: { id }, body: { user_id: userId } }),
  );
}

export function useAddLabel(id: string) {
  return useConversationAction((label: string) =>
    request("post", "/api/v1/conversations/{id}/labels", { params: { id }, body: { label } }),
  );
}

export function useRemoveLabel(id: string) {
  return useConversationAction((label: string) =>
    request("delete", "/api/v1/conversations/{id}/labels/{label}", { params: { id, label } }),
  );
}

export function useHandoff(id: string) {
  return useConversationAction((agentId: string) =>
    request("post", "/api/v1/conversations/{id}/handoff", { params: { id }, body: { agent_id: agentId || undefined } }),
  );
}

export function useRelease(id: string) {
  return useConversationAction(() => request("post", "/api/v1/conversations/{id}/release", { params: { id } }));
}

export function useMarkRead(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request("post", "/api/v1/conversations/{id}/read", { params: { id } }),
    meta: { toastErrors: false }, // a viewer cannot mark as read: not worth a toast
    onSuccess: (c) => applyConversation(qc, c),
  });
}

/** useUpload stores a file for a reply to send (POST /api/v1/media). */
export function useUpload() {
  return useMutation({ mutationFn: (file: File) => uploadFile(file) });
}

/**
 * discardFile deletes an upload the user removed before sending (DELETE /api/v1/media/{id}).
 * Best effort and silent: a file a message or a saved campaign uses is refused (409) and stays.
 */
export function discardFile(id: string | undefined): void {
  if (id) void request("delete", "/api/v1/media/{id}", { params: { id } }).catch(() => undefined);
}

/** mediaKind is how a channel sends a file of this MIME type. */
export function mediaKind(mimeType: string): "image" | "audio" | "video" | "document" {
  const kind = mimeType.split("/")[0];
  return kind === "image" || kind === "audio" || kind === "video" ? kind : "document";
}

/** useSend sends a reply (or adds a note) and shows it in the thread at once. */
export function useSend(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { note: true; text: string } | { note: false; body: ReplyInput }) =>
      v.note
        ? request("post", "/api/v1/conversations/{id}/notes", { params: { id }, body: { text: v.text } })
        : request("post", "/api/v1/conversations/{id}/messages", { params: { id }, body: v.body }),
    onSuccess: (m) => {
      addMessage(qc, m);
      void qc.invalidateQueries({ queryKey: ["inbox", "list"] });
    },
  });
}

/** useReact sends the agent's reaction to a message ("" removes it) and shows it in the thread at once. */
export function useReact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { messageId: string; emoji: string }) =>
      request("post", "/api/v1/conversations/{id}/messages/{message_id}/reaction", { params: { id, message_id: v.messageId }, body: { emoji: v.emoji } }),
    onSuccess: (m) => {
      addMessage(qc, m);
      void qc.invalidateQueries({ queryKey: ["inbox", "list"] });
    },
  });
}

type MessagePages = { pages: { items: Message[]; next_cursor: string }[]; pageParams: unknown[] };

/** addMessage puts a message at the top of its thread's first page (or updates it in place). */
export function addMessage(qc: QueryClient, m: Message) {
  qc.setQueryData<MessagePages>(inboxKeys.messages(m.conversation_id), (d) => {
    if (!d || d.pages.length === 0) return d;
    let found = false;
    const pages = d.pages.map((p) => ({
      ...p,
      items: p.items.map((x) => {
        if (x.id !== m.id) return x;
        found = true;
        return later(x, m);
      }),
    }));
    if (!found) pages[0] = { ...pages[0]!, items: [m, ...pages[0]!.items] };
    return { ...d, pages };
  });
}

/** statusRank orders delivery statuses as the server does: they only move forward. */
const statusRank: Record<string, number> = { "": 0, received: 0, pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };
const rank = (s: string | undefined) => statusRank[s ?? ""] ?? 0;

/** later merges a newer copy of a message into the cached one, keeping the
 * cached delivery status when it is further along (a status event can
 * overtake the reply's own answer). */
function later(cached: Message, m: Message): Message {
  if (rank(cached.status) <= rank(m.status)) return { ...cached, ...m };
  return { ...cached, ...m, status: cached.status, error: cached.error, status_history: cached.status_history, status_at: cached.status_at };
}

/** setMessageStatus moves a message's delivery status forward in its cached
 * thread (never back), with the failure's reason, and adds the step to the
 * status history at its time (at: the provider's, when the event gives it);
 * a step the message had passed (a delivered reported after read, as
 * WhatsApp's unordered webhooks do) joins the history in its place and
 * leaves the status alone. The provider's ID, when the event gives it, makes
 * a reply just sent quotable. It returns false when the thread is cached but
 * the message is not in it yet: the caller refetches the thread. */
export function setMessageStatus(
  qc: QueryClient,
  conversationId: string,
  messageId: string,
  status: string,
  error?: string,
  providerId?: string,
  at?: string,
): boolean {
  let found = false;
  qc.setQueryData<MessagePages>(inboxKeys.messages(conversationId), (d) => {
    if (!d) {
      found = true; // nothing cached: the thread loads with it
      return d;
    }
    const move = (x: Message): Message => {
      if (x.id !== messageId) return x;
      found = true;
      if (providerId && !x.provider_message_id) x = { ...x, provider_message_id: providerId };
      const when = at || new Date().toISOString();
      if (rank(status) <= rank(x.status)) return passedStep(x, status, when);
      return { ...x, status, status_at: when, error: error || x.error, status_history: withStep(x.status_history, { status, at: when, error }) };
    };
    return { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map(move) })) };
  });
  return found;
}

/** setLastMessageStatus moves the list's delivery mark of a conversation
 * whose latest message is the one a status event names (last_message_id),
 * forward only, as the server moves it: a failure never follows read. Every
 * cached list (filters, the search's contacts) is updated, none refetched:
 * a campaign's reports come by the thousand. */
export function setLastMessageStatus(qc: QueryClient, conversationId: string, messageId: string, status: string) {
  const move = (c: Conversation): Conversation => {
    if (c.id !== conversationId || c.last_message_id !== messageId || rank(status) <= rank(c.last_message_status)) return c;
    if (status === "failed" && c.last_message_status === "read") return c;
    return { ...c, last_message_status: status };
  };
  type Page = { items: Conversation[] };
  qc.setQueriesData<{ pages: Page[] } | Page>({ queryKey: ["inbox", "list"] }, (d) => {
    if (!d) return d;
    if ("pages" in d) return { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map(move) })) };
    return Array.isArray(d.items) ? { ...d, items: d.items.map(move) } : d;
  });
}

type Step = NonNullable<Message["status_history"]>[number];

/** withStep adds a step to a status history once, in the order of the steps. */
function withStep(history: Step[] | undefined, step: Step): Step[] {
  const h = history ?? [];
  if (h.some((s) => s.status === step.status)) return h;
  return [...h, step].sort((a, b) => rank(a.status) - rank(b.status));
}

/** passedStep fills a step the message has passed in its history: sent or
 * delivered once further on, read unless it failed; a failure never follows
 * read, and the status stays where it is. */
function passedStep(x: Message, status: string, at: string): Message {
  const known = rank(status) > 0 && status !== "failed" && !(status === "read" && x.status === "failed");
  if (!known || x.status_history?.some((s) => s.status === status)) return x;
  return { ...x, status_history: withStep(x.status_history, { status, at }) };
}
