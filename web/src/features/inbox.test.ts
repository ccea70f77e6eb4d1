import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { consentNotice, consentWord, fillTemplate, templateBody, templateVariables } from "@/pages/inbox/Composer";
import { formatDuration, funnel } from "./analytics";
import { inboxKeys, mediaKind, threadOrder, type Conversation, type Message } from "./inbox";
import { isHeld } from "./held";
import { applyFrame } from "./stream";

const msg = (id: string, at: string, text = id): Message => ({
  id,
  conversation_id: "cnv_1",
  contact_id: "con_1",
  direction: "in",
  type: "text",
  text,
  created_at: at,
  status_at: at,
});

describe("threadOrder", () => {
  it("reads pages newest first into arrival order, once each", () => {
    const pages = [{ items: [msg("msg_03", "2026-01-01T10:00:02Z"), msg("msg_02", "2026-01-01T10:00:09Z")] }, { items: [msg("msg_02", "x"), msg("msg_01", "2026-01-01T10:00:00Z")] }];
    expect(threadOrder(pages).map((m) => m.id)).toEqual(["msg_01", "msg_02", "msg_03"]);
  });
});

describe("applyFrame", () => {
  const seeded = () => {
    const qc = new QueryClient();
    qc.setQueryData(inboxKeys.messages("cnv_1"), { pages: [{ items: [msg("msg_01", "t")], next_cursor: "" }], pageParams: [""] });
    return qc;
  };
  const items = (qc: QueryClient) => (qc.getQueryData(inboxKeys.messages("cnv_1")) as { pages: { items: Message[] }[] }).pages[0]!.items;

  it("shows a bot's held message held until a later status moves it on, and refetches a reply's thread when its send was held", () => {
    const qc = seeded();
    applyFrame(qc, { type: "message.sent", id: "e1", data: { message: { ...msg("msg_02", "t", "Oi"), direction: "out", status: "sent", held: true } } });
    expect(isHeld(items(qc)[0]!)).toBe(true);
    applyFrame(qc, { type: "message.status", id: "e2", data: { conversation_id: "cnv_1", message_id: "msg_02", status: "delivered" } });
    expect(isHeld(items(qc)[0]!)).toBe(false);
    expect(qc.getQueryState(inboxKeys.messages("cnv_1"))?.isInvalidated).toBe(false);
    applyFrame(qc, { type: "message.status", id: "e3", data: { conversation_id: "cnv_1", message_id: "msg_01", status: "sent", held: true } });
    expect(qc.getQueryState(inboxKeys.messages("cnv_1"))?.isInvalidated).toBe(true);
  });

  it("puts a new message in its thread once, and moves its status", () => {
    const qc = seeded();
    const frame = { type: "message.sent", id: "evt_1", data: { message: { ...msg("msg_02", "t", "Olá"), direction: "out", status: "sent" } } };
    expect(applyFrame(qc, frame)).toBe(true);
    expect(applyFrame(qc, frame)).toBe(true);
    expect(items(qc).map((m) => m.id)).toEqual(["msg_02", "msg_01"]);
    applyFrame(qc, { type: "message.status", id: "evt_2", data: { conversation_id: "cnv_1", message_id: "msg_02", status: "read" } });
    expect(items(qc)[0]!.status).toBe("read");
  });

  it("never moves a status back, keeps a failure's reason, and survives a status that overtook its message", () => {
    const qc = seeded();
    applyFrame(qc, { type: "message.sent", id: "e1", data: { message: { ...msg("msg_02", "t"), direction: "out", status: "read" } } });
    applyFrame(qc, { type: "message.status", id: "e2", data: { conversation_id: "cnv_1", message_id: "msg_02", status: "delivered" } });
    expect(items(qc)[0]!.status).toBe("read");

    // A failure reported before the reply's own event reached the thread:
    const spy = vi.spyOn(qc, "invalidateQueries");
    applyFrame(qc, { type: "message.status", id: "e3", data: { conversation_id: "cnv_1", message_id: "msg_03", status: "failed", error: "131026 undeliverable" } });
    expect(spy).toHaveBeenCalledWith({ queryKey: inboxKeys.messages("cnv_1") });
    applyFrame(qc, { type: "message.status", id: "e4", data: { conversation_id: "cnv_1", message_id: "msg_02", status: "failed", error: "late" } });
    expect(items(qc)[0]!.status).toBe("failed");
    expect(items(qc)[0]!.error).toBe("late");
    expect(items(qc)[0]!.status_history?.map((h) => h.status)).toEqual(["delivered", "failed"]); // the passed step kept its place
    // the reply's own (pending) copy arriving after its failure does not undo it
    applyFrame(qc, { type: "message.outbound", id: "e5", data: { message: { ...msg("msg_02", "t"), direction: "out", status: "pending" } } });
    expect(items(qc)[0]!.status).toBe("failed");
    expect(items(qc)[0]!.error).toBe("late");
  });

  it("fills a delivered that came after read into the trail, at its own time, and keeps read", () => {
    const qc = seeded();
    applyFrame(qc, { type: "message.outbound", id: "e1", data: { message: { ...msg("msg_02", "t"), direction: "out", status: "pending" } } });
    const status = (id: string, s: string, at: string, extra = {}) =>
      applyFrame(qc, { type: "message.status", id, data: { conversation_id: "cnv_1", message_id: "msg_02", status: s, timestamp: at, ...extra } });
    status("e2", "sent", "2026-01-01T10:00:01Z");
    status("e3", "read", "2026-01-01T10:00:09Z");
    status("e4", "delivered", "2026-01-01T10:00:05Z", { late: true, message_status: "read" });
    status("e5", "delivered", "2026-01-01T10:00:06Z", { late: true, message_status: "read" }); // once
    const m = items(qc)[0]!;
    expect(m.status).toBe("read");
    expect(m.status_at).toBe("2026-01-01T10:00:09Z");
    expect(m.status_history?.map((h) => [h.status, h.at])).toEqual([
      ["sent", "2026-01-01T10:00:01Z"],
      ["delivered", "2026-01-01T10:00:05Z"],
      ["read", "2026-01-01T10:00:09Z"],
    ]);
  });

  it("learns a sent reply's wamid from its status, so the reply can be quoted", () => {
    const qc = seeded();
    applyFrame(qc, { type: "message.outbound", id: "e1", data: { message: { ...msg("msg_02", "t"), direction: "out", status: "pending" } } });
    applyFrame(qc, { type: "message.status", id: "e2", data: { conversation_id: "cnv_1", message_id: "msg_02", provider_message_id: "wamid.R", status: "sent" } });
    expect(items(qc)[0]).toMatchObject({ status: "sent", provider_message_id: "wamid.R" });
  });

  it("has the list read again when a send fails, so it marks it, and not for other steps", () => {
    const qc = seeded();
    const spy = vi.spyOn(qc, "invalidateQueries");
    applyFrame(qc, { type: "message.status", id: "e1", data: { conversation_id: "cnv_1", message_id: "msg_01", status: "delivered" } });
    expect(spy).not.toHaveBeenCalledWith({ queryKey: ["inbox", "list"] });
    applyFrame(qc, { type: "message.status", id: "e2", data: { conversation_id: "cnv_1", message_id: "msg_01", status: "failed", error: "131026 undeliverable" } });
    expect(spy).toHaveBeenCalledWith({ queryKey: ["inbox", "list"] });
  });

  it("ignores events that are not the inbox's", () => {
    const qc = seeded();
    expect(applyFrame(qc, { type: "flow.published", id: "evt_3", data: {} })).toBe(false);
    expect(items(qc)).toHaveLength(1);
  });
});

describe("composer and home helpers", () => {
  it("sends a file as the media kind of its type", () => {
    expect(["image/jpeg", "audio/ogg", "video/mp4", "application/pdf", ""].map(mediaKind)).toEqual([
      "image",
      "audio",
      "video",
      "document",
      "document",
    ]);
  });
  it("puts a template's header file in its header component, only when it takes one", () => {
    const file = { id: "blb_1", name: "boleto.pdf", contentType: "application/pdf" };
    expect(templateBody(" segunda_via ", "", "Ana", "", file)).toEqual({ name: "segunda_via", language: "pt_BR", variables: { "1": "Ana" } });
    expect(templateBody("segunda_via", "pt_BR", "", "document", file).components).toEqual([
      { type: "header", parameters: [{ type: "document", media: { type: "document", blob_id: "blb_1", mime_type: "application/pdf", filename: "boleto.pdf" } }] },
    ]);
    const photo = { id: "blb_2", name: "p.jpg", contentType: "image/jpeg" };
    expect(templateBody("promo", "pt_BR", "", "image", photo).components?.[0]?.parameters[0]?.media).toEqual({ type: "image", blob_id: "blb_2", mime_type: "image/jpeg" });
  });
  it("gives a text header's values and the URL buttons' endings as components", () => {
    const body = templateBody("pedido_enviado", "pt_BR", "Ana\n3", "", null, undefined, { header: { "1": " #1042 " }, buttons: { "2": "b", "0": "BR1042", "1": " " } });
    expect(body.components).toEqual([
      { type: "header", parameters: [{ type: "text", text: "#1042" }] },
      { type: "button", sub_type: "url", index: 0, parameters: [{ type: "text", text: "BR1042" }] },
      { type: "button", sub_type: "url", index: 2, parameters: [{ type: "text", text: "b" }] },
    ]);
    expect(templateBody("x", "pt_BR", "", "", null, undefined, { header: { pedido: "#1" } }).components?.[0]?.parameters[0]).toEqual({ type: "text", text: "#1", name: "pedido" });
    expect(templateBody("x", "pt_BR", "", "", null, undefined, {}).components).toBeUndefined();
  });
  it("numbers template variables by line", () => {
    expect(templateVariables("Ana\n\n  123 \n")).toEqual({ "1": "Ana", "2": "123" });
    expect(templateVariables("Ana\nfrete grátis", ["first_name", "offer"])).toEqual({ first_name: "Ana", offer: "frete grátis" });
    expect(templateBody("boas_vindas", "pt_BR", "Ana\nfrete", "", null, ["first_name", "offer"]).variables).toEqual({ first_name: "Ana", offer: "frete" });
  });
  it("computes the funnel against messages sent", () => {
    const f = funnel({ sent: 8, delivered: 6, read: 3, replied: 1, received: 5, failed: 1 });
    expect(f.map((s) => s.pct)).toEqual([100, 75, 37.5, 12.5]);
    expect(funnel({ sent: 0, delivered: 0, read: 0, replied: 0, received: 2, failed: 0 }).map((s) => s.pct)).toEqual([0, 0, 0, 0]);
  });
  it("prints durations", () => {
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(1_500)).toMatch(/^1[,.]5 s$/);
    expect(formatDuration(3 * 60_000)).toBe("3 min");
    expect(formatDuration(125 * 60_000)).toBe("2 h 5 min");
  });
});

describe("fillTemplate", () => {
  it("fills the placeholders given, positional or named, and keeps the rest", () => {
    expect(fillTemplate("Olá {{1}}, seu pedido {{2}} foi confirmado.", { "1": "Ana" })).toBe("Olá Ana, seu pedido {{2}} foi confirmado.");
    expect(fillTemplate("Oi {{first_name}}! {{ offer }}.", { first_name: "Ana", offer: "frete" })).toBe("Oi Ana! frete.");
  });
});

describe("the conversation's consent", () => {
  const conv = (extra: Partial<Conversation> = {}): Conversation => ({
    id: "cnv_1",
    contact_id: "con_1",
    connection_id: "conn_1",
    channel: "whatsapp",
    status: "open",
    handler: "human",
    labels: [],
    unread: 0,
    preview: "PARAR",
    last_message_at: "2026-01-01T10:00:00Z",
    window_open: true,
    created_at: "2026-01-01T10:00:00Z",
    updated_at: "2026-01-01T10:00:00Z",
    ...extra,
  });
  const optedOut = { reachable: false, status: "opt_out", source: "keyword:PARAR", channel: "whatsapp", at: "2026-01-01T10:00:00Z" };

  it("survives an event's conversation, which carries none", () => {
    const qc = new QueryClient();
    qc.setQueryData(inboxKeys.conversation("cnv_1"), conv({ consent: optedOut }));
    applyFrame(qc, { type: "conversation.updated", id: "e1", data: { conversation: conv({ status: "pending" }) } });
    const got = qc.getQueryData<Conversation>(inboxKeys.conversation("cnv_1"));
    expect(got?.status).toBe("pending");
    expect(got?.consent).toEqual(optedOut);
  });

  it("is read again when a contact's consent changes", () => {
    const qc = new QueryClient();
    qc.setQueryData(inboxKeys.conversation("cnv_1"), conv({ consent: optedOut }));
    expect(applyFrame(qc, { type: "contact.consent", id: "e2", data: { contact_id: "con_1" } })).toBe(true);
    expect(qc.getQueryState(inboxKeys.conversation("cnv_1"))?.isInvalidated).toBe(true);
  });

  it("leaves the reply box open for a marketing-only opt-out", () => {
    const marketing = { reachable: false, status: "opt_out", source: "keyword:whatsapp-131050", channel: "whatsapp:marketing", at: "2026-01-01T10:00:00Z" };
    expect(consentNotice(conv({ consent: { reachable: true, marketing } }))).toBe("marketing");
    expect(consentNotice(conv({ consent: { ...optedOut, marketing } }))).toBe("opted_out");
    expect(consentNotice(conv({ consent: { reachable: true, marketing: { ...marketing, reachable: true } } }))).toBe("");
    expect(consentNotice(conv())).toBe("");
  });

  it("names the keyword texted", () => {
    expect(consentWord("keyword:PARAR")).toBe("PARAR");
    expect(consentWord("import")).toBe("import");
    expect(consentWord(undefined)).toBe("");
  });
});

describe("the list's delivery ticks", () => {
  const row = (id: string, extra: Partial<Conversation> = {}): Conversation => ({
    id,
    contact_id: "con_1",
    connection_id: "conn_1",
    channel: "whatsapp",
    status: "open",
    handler: "human",
    labels: [],
    unread: 0,
    preview: "Seu pedido saiu",
    last_message_at: "2026-01-01T10:00:00Z",
    window_open: true,
    created_at: "2026-01-01T10:00:00Z",
    updated_at: "2026-01-01T10:00:00Z",
    ...extra,
  });
  const listKey = inboxKeys.list({ status: "open", assignee: "", handler: "", label: "", sort: "" });
  const searchKey = ["inbox", "list", "contact", "ana"];
  const seeded = () => {
    const qc = new QueryClient();
    const rows = [row("cnv_1", { last_message_status: "pending", last_message_id: "msg_9" }), row("cnv_2", { last_message_status: "sent", last_message_id: "msg_5" })];
    qc.setQueryData(listKey, { pages: [{ items: rows, next_cursor: "" }], pageParams: [""] });
    qc.setQueryData(searchKey, { items: [rows[0]], next_cursor: "" });
    return qc;
  };
  const marks = (qc: QueryClient) => ({
    list: (qc.getQueryData(listKey) as { pages: { items: Conversation[] }[] }).pages[0]!.items.map((c) => c.last_message_status),
    search: (qc.getQueryData(searchKey) as { items: Conversation[] }).items.map((c) => c.last_message_status),
  });
  const status = (qc: QueryClient, id: string, conv: string, message: string, s: string) =>
    applyFrame(qc, { type: "message.status", id, data: { conversation_id: conv, message_id: message, status: s } });

  it("move forward live for the message the row shows, in every cached list, without reading the list again", () => {
    const qc = seeded();
    const spy = vi.spyOn(qc, "invalidateQueries");
    status(qc, "e1", "cnv_1", "msg_9", "sent");
    expect(marks(qc)).toEqual({ list: ["sent", "sent"], search: ["sent"] });
    status(qc, "e2", "cnv_1", "msg_9", "read");
    status(qc, "e3", "cnv_1", "msg_9", "delivered"); // a late step: read stays
    expect(marks(qc)).toEqual({ list: ["read", "sent"], search: ["read"] });
    expect(spy).not.toHaveBeenCalledWith({ queryKey: ["inbox", "list"] });
  });

  it("leave a row alone for an older message's status, and a read one for a failure", () => {
    const qc = seeded();
    status(qc, "e1", "cnv_2", "msg_4", "read"); // not the message the row shows
    expect(marks(qc).list).toEqual(["pending", "sent"]);
    status(qc, "e2", "cnv_2", "msg_5", "read");
    status(qc, "e3", "cnv_2", "msg_5", "failed");
    expect(marks(qc).list).toEqual(["pending", "read"]);
    status(qc, "e4", "cnv_1", "msg_9", "failed");
    expect(marks(qc).list).toEqual(["failed", "read"]);
  });
});
