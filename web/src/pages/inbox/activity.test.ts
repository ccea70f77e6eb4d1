import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { inboxKeys, type Message } from "@/features/inbox";
import { applyFrame } from "@/features/stream";
import i18n from "@/i18n";
import { activityKey, activityOf, activityText, whoFrom, type Activity } from "./activity";
import { waitedMinutes, waitingFor } from "./waiting";

const members = [
  { user_id: "usr_maria", name: "Maria" },
  { user_id: "usr_joao", name: "João" },
];

function line(lng: string, a: Activity, me = "usr_other") {
  const t = i18n.getFixedT(lng);
  return activityText(t, a, "ctc_ana", whoFrom(t, me, members));
}

describe("activity lines", () => {
  it("reads the payload of an activity message only", () => {
    expect(activityOf({ direction: "system", type: "activity", extra: { kind: "resolved", actor: "usr_maria" } })).toEqual({ kind: "resolved", actor: "usr_maria", params: {} });
    expect(activityOf({ direction: "system", type: "activity", extra: '{"kind":"pending","actor":"system"}' })?.kind).toBe("pending");
    expect(activityOf({ direction: "note", type: "text", extra: { kind: "resolved" } })).toBeNull();
    expect(activityOf({ direction: "system", type: "activity", extra: "not json" })).toBeNull();
  });

  it("words each change in pt-BR, naming who did it and to whom", () => {
    expect(line("pt-BR", { kind: "assigned", actor: "usr_maria", params: { from: "usr_maria", to: "usr_joao" } })).toBe("Maria transferiu de Maria para João");
    expect(line("pt-BR", { kind: "assigned", actor: "usr_maria", params: { to: "usr_maria" } })).toBe("Maria assumiu a conversa");
    expect(line("pt-BR", { kind: "assigned", actor: "system", params: { to: "usr_joao" } })).toBe("Atribuída a João");
    expect(line("pt-BR", { kind: "handoff", actor: "system" })).toBe("O bot passou para atendimento humano");
    expect(line("pt-BR", { kind: "handoff", actor: "system", params: { to: "usr_joao" } })).toBe("O bot passou para atendimento humano: João");
    expect(line("pt-BR", { kind: "resolved", actor: "usr_maria", params: { assignee: "usr_joao" } })).toBe("Maria resolveu a conversa (estava com João)");
    expect(line("pt-BR", { kind: "resolved", actor: "usr_maria" }, "usr_maria")).toBe("Você resolveu a conversa");
    expect(line("pt-BR", { kind: "reopened", actor: "ctc_ana" })).toBe("Reaberta pelo cliente");
    expect(line("pt-BR", { kind: "released", actor: "usr_joao" })).toBe("João devolveu a conversa ao bot");
    expect(line("pt-BR", { kind: "unassigned", actor: "usr_joao", params: { from: "usr_joao" } })).toBe("João saiu da conversa");
    expect(line("pt-BR", { kind: "pending", actor: "key_ci" })).toBe("Uma integração marcou como pendente");
    expect(line("pt-BR", { kind: "pending", actor: "usr_gone" })).toBe("Um atendente marcou como pendente");
    expect(line("pt-BR", { kind: "merged", actor: "usr_maria" })).toBe("Atividade na conversa");
  });

  it("words them in English too", () => {
    expect(line("en", { kind: "assigned", actor: "usr_maria", params: { from: "usr_maria", to: "usr_other" } })).toBe("Maria transferred it from Maria to you");
    expect(line("en", { kind: "reopened", actor: "ctc_ana" })).toBe("Reopened by the customer");
    expect(line("en", { kind: "handoff", actor: "system" })).toBe("The bot handed over to a person");
  });

  it("has a wording for every kind the server stores", () => {
    for (const kind of ["assigned", "unassigned", "handoff", "released", "resolved", "pending", "reopened"]) {
      expect(activityKey({ kind, actor: "usr_maria" }, "ctc_ana")).not.toBe("unknown");
    }
  });
});

describe("waitingFor", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it("says how long, short", () => {
    expect(waitingFor("2026-11-27T11:48:30Z", now)).toBe("11 min");
    expect(waitingFor("2026-11-27T09:00:00Z", now)).toBe("3 h");
    expect(waitingFor("2026-11-24T12:00:00Z", now)).toBe("3 d");
    expect(waitingFor(undefined, now)).toBe("");
    expect(waitedMinutes("2026-11-27T11:59:30Z", now)).toBe(0);
    expect(waitedMinutes("2026-11-27T11:48:30Z", now)).toBe(11);
    expect(waitedMinutes("not a date", now)).toBe(-1);
  });
});

describe("a live activity line", () => {
  it("goes into its open thread as it happens", () => {
    const qc = new QueryClient();
    qc.setQueryData(inboxKeys.messages("cnv_1"), { pages: [{ items: [], next_cursor: "" }], pageParams: [""] });
    const m: Message = { id: "msg_09", conversation_id: "cnv_1", contact_id: "ctc_ana", direction: "system", type: "activity", text: "",
      extra: { kind: "resolved", actor: "usr_maria" }, created_at: "2026-11-27T12:00:00Z", status_at: "2026-11-27T12:00:00Z" };
    expect(applyFrame(qc, { type: "message.activity", id: "evt_1", data: { message: m } })).toBe(true);
    const got = qc.getQueryData(inboxKeys.messages("cnv_1")) as { pages: { items: Message[] }[] };
    expect(got.pages[0]!.items.map((x) => x.id)).toEqual(["msg_09"]);
  });
});
