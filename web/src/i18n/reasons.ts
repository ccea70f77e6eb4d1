// Server text in the UI's language: a refusal's reason or a campaign's
// reason_code is a stable key, its params the values the English text names
// (see RATIONALE.md). keyedText words them from i18n/sections/reasons.ts;
// an unknown key, or a text needing a param the server did not send, falls
// back to the server's English.
import i18n, { type i18n as I18n } from "i18next";

type LooseT = (key: string, options?: Record<string, unknown>) => string;
const tOf = (inst: I18n) => inst.t.bind(inst) as unknown as LooseT;

/** Params names i18next reads as options; only count is meant as one. */
const RESERVED = new Set(["lng", "lngs", "ns", "context", "defaultValue", "replace", "returnObjects", "returnDetails",
  "joinArrays", "postProcess", "interpolation", "keyPrefix", "ordinal", "fallbackLng", "nest", "missingInterpolationHandler"]);

/** The groups of keyed server texts (sections/reasons.ts, sections/serverTexts.ts). */
export type KeyedGroup =
  | "refusals"
  | "campaignReasons"
  | "fieldReasons"
  | "importRows"
  | "importMessages"
  | "lintProblems"
  | "sendWaits"
  | "checkProblems";

/** keyedText is group.key worded with params, or fallback when it cannot be. */
export function keyedText(group: KeyedGroup, key: string | undefined, params: Record<string, unknown> | undefined, fallback: string): string {
  if (!key) return fallback;
  const opts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) if (!RESERVED.has(k)) opts[k] = v;
  const full = `${group}.${key}`;
  if (!i18n.exists(full, opts)) return fallback;
  let missing = false;
  const text = tOf(i18n)(full, {
    ...opts,
    nest: false, // a provider's words must not be read as $t(…)
    missingInterpolationHandler: () => {
      missing = true;
      return "";
    },
  });
  return missing ? fallback : text;
}

type FailureCount = { code?: unknown; count?: unknown; message?: unknown };

/** unworded is a format's "cannot": i18next then sees the param as missing, and keyedText falls back. */
const unworded = undefined as unknown as string;

/** registerReasonFormats adds the formats the reason texts use ({{status, campaignStatus}}, …). */
export function registerReasonFormats(inst: I18n) {
  const f = inst.services.formatter;
  if (!f) return;
  const t = tOf(inst);
  // label words a value by a key under prefix, or leaves it as it is.
  const label = (prefix: string) => (v: unknown, lng: string | undefined) =>
    inst.exists(`${prefix}.${String(v)}`, { lng }) ? t(`${prefix}.${String(v)}`, { lng }) : String(v);
  f.add("campaignStatus", label("campaignsPage.statuses"));
  f.add("runStatus", label("runs.statuses"));
  f.add("role", label("header.role"));
  f.add("channel", label("campaignsPage.channels"));
  f.add("templateStatus", label("channelsPage.templates.status"));
  f.add("jsonKind", label("serverFormats.jsonKinds"));
  f.add("listParam", label("serverFormats.listParams"));
  f.add("twilioStatus", label("serverFormats.twilioStatuses"));
  f.add("senderKind", label("serverFormats.senderKinds"));
  // numberList is a list of numbers as the check named them, or "nenhum" for none.
  f.add("numberList", (v: unknown, lng: string | undefined) =>
    typeof v !== "string" ? unworded : v === "" ? t("serverFormats.noNumbers", { lng }) : v);
  // andMore is " e mais 3" for numbers left unnamed, "" for none.
  f.add("andMore", (v: unknown, lng: string | undefined) => {
    const n = Number(v);
    return v === undefined || Number.isNaN(n) ? unworded : n > 0 ? t("serverFormats.andMore", { lng, count: n }) : "";
  });
  // messageAction is what cannot be done to a message ("não pode ser citada"); undefined for an unknown action.
  f.add("messageAction", (v: unknown, lng: string | undefined) =>
    inst.exists(`serverFormats.messageActions.${String(v)}`, { lng }) ? t(`serverFormats.messageActions.${String(v)}`, { lng }) : unworded);
  // codeMeaning is a provider code in words; undefined (so the English shows) when none is known.
  f.add("codeMeaning", (v: unknown, lng: string | undefined) =>
    inst.exists(`inboxPage.sendErrors.${String(v)}`, { lng }) ? t(`inboxPage.sendErrors.${String(v)}`, { lng }) : unworded);
  f.add("codeList", (v: unknown, lng: string | undefined) => (Array.isArray(v) ? codeList(v as FailureCount[], lng, inst) : unworded));
  f.add("parens", (v: unknown) => (v === undefined ? unworded : v ? ` (${String(v)})` : ""));
  // didYouMean ends a sentence: "." or ". Você quis dizer «next»?".
  f.add("didYouMean", (v: unknown, lng: string | undefined) =>
    typeof v !== "string" ? unworded : v ? t("serverFormats.didYouMean", { lng, name: v }) : ".");
  // retryIn is " Tente de novo em 30 segundos." (minutes past a minute), or "… mais tarde." for 0 (not known).
  f.add("retryIn", (v: unknown, lng: string | undefined) => {
    const s = Number(v);
    if (!(s > 0)) return t("serverFormats.retryLater", { lng });
    return s < 60 ? t("serverFormats.retryInSeconds", { lng, count: Math.ceil(s) }) : t("serverFormats.retryInMinutes", { lng, count: Math.ceil(s / 60) });
  });
  f.add("notRunning", (v: unknown, lng: string | undefined) =>
    inst.exists(`serverFormats.notRunning.${String(v)}`, { lng }) ? t(`serverFormats.notRunning.${String(v)}`, { lng }) : unworded);
}

/** codeList is "131026 ×12: o número não pode…; sem código ×1: “provider's words”". */
function codeList(codes: FailureCount[], lng: string | undefined, inst: I18n): string {
  const t = tOf(inst);
  return codes
    .map((c) => {
      const code = typeof c.code === "string" ? c.code : "";
      let item = `${code || t("reasonFormats.noCode", { lng })} ×${Number(c.count) || 0}`;
      const known = code !== "" && inst.exists(`inboxPage.sendErrors.${code}`, { lng });
      if (known) item += `: ${t(`inboxPage.sendErrors.${code}`, { lng })}`;
      else if (typeof c.message === "string" && c.message) item += `: “${c.message}”`;
      return item;
    })
    .join("; ");
}
