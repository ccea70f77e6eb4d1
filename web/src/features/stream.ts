// The tenant's live events (WebSocket /api/v1/stream) applied to the
// inbox caches: new messages go into their thread at once, everything
// else refreshes the queries it touches. Reconnects with backoff and
// refetches what may have been missed while away.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { addMessage, applyConversation, inboxKeys, setLastMessageStatus, setMessageStatus, type Conversation, type Message } from "./inbox";

export type StreamFrame = { type: string; id: string; data: unknown };
export type StreamState = "connecting" | "live" | "offline";

type Payload = {
  message?: Message;
  conversation?: Conversation;
  conversation_id?: string;
  message_id?: string;
  provider_message_id?: string;
  status?: string;
  error?: string;
  /** held: the provider holds the message it accepted (WhatsApp's template pacing; message.status of a reply's send). */
  held?: boolean;
  /** timestamp is when the provider says the status was taken (message.status). */
  timestamp?: string;
};

/** applyFrame updates the caches for one event; it returns whether the frame concerned the inbox. */
export function applyFrame(qc: QueryClient, f: StreamFrame): boolean {
  const d = (f.data ?? {}) as Payload;
  switch (f.type) {
    case "message.received":
    case "message.sent":
    case "message.outbound":
    case "message.note":
    case "message.activity": // a line of the thread: who took, transferred, resolved or reopened it
      if (d.message?.id && d.message.conversation_id) addMessage(qc, d.message);
      if (d.conversation?.id) applyConversation(qc, d.conversation);
      else void qc.invalidateQueries({ queryKey: ["inbox", "list"] });
      if (d.message?.conversation_id) void qc.invalidateQueries({ queryKey: inboxKeys.conversation(d.message.conversation_id) });
      return true;
    case "message.status":
      if (d.conversation_id && d.message_id && d.status && !setMessageStatus(qc, d.conversation_id, d.message_id, d.status, d.error, d.provider_message_id, d.timestamp)) {
        void qc.invalidateQueries({ queryKey: inboxKeys.messages(d.conversation_id) }); // it overtook the message itself
      }
      if (d.conversation_id && d.message_id && d.status) setLastMessageStatus(qc, d.conversation_id, d.message_id, d.status); // the list's ticks
      if (d.status === "failed") void qc.invalidateQueries({ queryKey: ["inbox", "list"] }); // a failed send not yet listed as the latest
      if (d.held && d.conversation_id) void qc.invalidateQueries({ queryKey: inboxKeys.messages(d.conversation_id) }); // the reply's held mark
      return true;
    case "contact.consent": // an opt-out or opt-in (a texted SAIR, START): the open thread's composer shows it
      void qc.invalidateQueries({ queryKey: ["inbox", "conversation"] });
      return true;
    default:
      if (f.type.startsWith("conversation.")) {
        if (d.conversation?.id) applyConversation(qc, d.conversation);
        else void qc.invalidateQueries({ queryKey: ["inbox", "list"] });
        return true;
      }
      return false;
  }
}

export function streamURL(loc: Pick<Location, "protocol" | "host">): string {
  return `${loc.protocol === "https:" ? "wss" : "ws"}://${loc.host}/api/v1/stream`;
}

/** useInboxStream keeps one socket open while mounted and reports its state. */
export function useInboxStream(): StreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  useEffect(() => {
    let ws: WebSocket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    const seen = new Set<string>();
    const open = () => {
      if (stopped) return;
      setState("connecting");
      ws = new WebSocket(streamURL(window.location));
      ws.onopen = () => {
        if (attempt > 0) void qc.invalidateQueries({ queryKey: inboxKeys.all }); // what happened while away
        attempt = 0;
        setState("live");
      };
      ws.onmessage = (e) => {
        let f: StreamFrame;
        try {
          f = JSON.parse(String(e.data)) as StreamFrame;
        } catch {
          return;
        }
        if (f.id && seen.has(f.id)) return;
        if (f.id) seen.add(f.id);
        if (seen.size > 2000) seen.clear();
        applyFrame(qc, f);
      };
      ws.onclose = () => {
        if (stopped) return;
        setState("offline");
        attempt++;
        timer = setTimeout(open, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [qc]);
  return state;
}
