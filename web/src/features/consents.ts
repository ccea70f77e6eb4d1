// A contact's opt-ins and opt-outs, and what they decide, read by the rule
// the server's sends follow (store.ConsentChain, inbox.scopeConsent): a
// send in a scope ("whatsapp:marketing") looks at the latest record of each
// channel of its chain (whatsapp:marketing, whatsapp, all); an opt-out that
// is the latest of any of them blocks it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Schemas } from "@/api/client";

export type Consent = Schemas["Consent"];
export type ConsentStatus = "opt_in" | "opt_out";

export const consentsKey = (contactID: string) => ["contacts", contactID, "consents"] as const;

/** useConsents lists a contact's records, newest first. */
export function useConsents(contactID: string) {
  return useQuery({
    queryKey: consentsKey(contactID),
    queryFn: ({ signal }) => request("get", "/api/v1/contacts/{id}/consents", { params: { id: contactID }, signal }),
    select: (r) => r.items,
  });
}

/**
 * useRecordConsent records an agent's opt-in or opt-out of each channel
 * given, one after the other, then reads the records again. The source is
 * left out: the server writes "agent:" and the caller's ID (a user's usr_…,
 * an API key's key_…), which a client-written "agent" would lose.
 */
export function useRecordConsent(contactID: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ channels, status }: { channels: string[]; status: ConsentStatus }) => {
      for (const channel of channels) {
        await request("post", "/api/v1/contacts/{id}/consents", { params: { id: contactID }, body: { channel, status } });
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: consentsKey(contactID) }),
  });
}

/** consentChain is the channels deciding a send in scope, narrowest first, as store.ConsentChain. */
export function consentChain(scope: string): string[] {
  const i = scope.indexOf(":");
  if (i < 0 || i === scope.length - 1) return [i < 0 ? scope : scope.slice(0, i), "all"];
  return [scope, scope.slice(0, i), "all"];
}

/** Effective is what a scope's sends get: reachable or not, and the record that says so (none: no record in the chain). */
export type Effective = { scope: string; reachable: boolean; decides?: Consent };

/**
 * effectiveConsent reads records (newest first) for scope as the server
 * does: the narrowest opt-out among the latest records of the chain
 * decides, else the scope's own latest. With neither, the nearest record
 * of the chain is shown (an opt-in of "all"), reachable.
 */
export function effectiveConsent(records: Consent[], scope: string): Effective {
  const latest = consentChain(scope).map((ch) => records.find((r) => r.channel === ch));
  const out = latest.find((r) => r?.status === "opt_out");
  if (out) return { scope, reachable: false, decides: out };
  return { scope, reachable: true, decides: latest.find((r) => r !== undefined) };
}

/** blockers is the latest records of scope's chain that are opt-outs, narrowest first: each blocks its sends. */
export function blockers(records: Consent[], scope: string): Consent[] {
  return consentChain(scope)
    .map((ch) => records.find((r) => r.channel === ch))
    .filter((r): r is Consent => r?.status === "opt_out");
}

/**
 * liftsFor is the channels to opt in for scope's sends to go again: each
 * of its chain whose latest record is an opt-out, less the parts of a
 * channel that is among them (the server's opt-in of "whatsapp" also lifts
 * "whatsapp:marketing"). Broadest first.
 */
export function liftsFor(records: Consent[], scope: string): string[] {
  const out = blockers(records, scope).map((r) => r.channel);
  return out.filter((ch) => !out.some((o) => o !== ch && o !== "all" && ch.startsWith(o + ":"))).reverse();
}

const ORDER = ["whatsapp", "sms", "email", "voice"];

/**
 * consentScopes is the scopes the drawer shows: each channel the workspace
 * has a connection of, and each a record names (so an e-mail opt-out is not
 * hidden), in a fixed order; WhatsApp with its marketing part after it.
 * With neither, WhatsApp and SMS.
 */
export function consentScopes(records: Consent[], used: string[]): string[] {
  const base = new Set(used);
  for (const r of records) {
    const ch = r.channel.split(":")[0];
    if (ch && ch !== "all") base.add(ch);
  }
  if (base.size === 0) ["whatsapp", "sms"].forEach((c) => base.add(c));
  const rank = (c: string) => (ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length);
  const channels = [...base].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const parts = (ch: string) => {
    const marketing = `${ch}:marketing`;
    return ch === "whatsapp" || records.some((r) => r.channel === marketing) ? [marketing] : [];
  };
  return channels.flatMap((ch) => [ch, ...parts(ch)]);
}

/**
 * SourceKind is where a record came from, for its reason line: a keyword
 * the contact texted, a marketing opt-out button they tapped, Meta's
 * 131050, an agent (a user, or an API key), an import, a form; other
 * sources are shown as written.
 */
export type SourceKind =
  | { kind: "keyword"; word: string }
  | { kind: "button"; label: string }
  | { kind: "meta131050" }
  | { kind: "agent"; userID?: string }
  | { kind: "apiKey"; keyID: string }
  | { kind: "system" }
  | { kind: "import" }
  | { kind: "form"; name: string }
  | { kind: "other"; text: string };

/**
 * The labels of the marketing opt-out buttons whatsapp-cloud reads
 * (whatsappcloud.StopPromotions), which it records folded: upper case,
 * no accents.
 */
const BUTTONS: Record<string, string> = {
  "STOP PROMOTIONS": "Stop promotions",
  "PARAR PROMOCOES": "Parar promoções",
  UNSUBSCRIBE: "Unsubscribe",
  "CANCELAR INSCRICAO": "Cancelar inscrição",
  DESCADASTRAR: "Descadastrar",
  "SAIR DA LISTA": "Sair da lista",
  "NAO QUERO RECEBER": "Não quero receber",
};

/** sourceKind reads a record's source; the channel tells a button tap (a marketing opt-out) from a typed keyword. */
export function sourceKind(c: Pick<Consent, "source" | "channel" | "status">): SourceKind {
  const s = c.source ?? "";
  const [prefix, rest] = s.includes(":") ? [s.slice(0, s.indexOf(":")), s.slice(s.indexOf(":") + 1)] : [s, ""];
  switch (prefix) {
    case "keyword":
      if (rest.toLowerCase() === "whatsapp-131050") return { kind: "meta131050" };
      if (c.status === "opt_out" && c.channel.endsWith(":marketing") && BUTTONS[rest]) return { kind: "button", label: BUTTONS[rest] };
      return rest ? { kind: "keyword", word: rest } : { kind: "other", text: s };
    case "agent":
      if (rest.startsWith("key_")) return { kind: "apiKey", keyID: rest };
      if (rest === "system") return { kind: "system" };
      return { kind: "agent", userID: rest || undefined };
    case "import":
      return { kind: "import" };
    case "form":
      return { kind: "form", name: rest };
  }
  return { kind: "other", text: s };
}

/** customersOwn tells a record the contact made themselves (a keyword, a tap, Meta's 131050) from one made for them. */
export function customersOwn(c: Consent): boolean {
  const k = sourceKind(c).kind;
  return k === "keyword" || k === "button" || k === "meta131050";
}
