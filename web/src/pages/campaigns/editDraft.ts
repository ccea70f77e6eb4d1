// Editing a campaign that has not started: the stored campaign as the form's
// draft, and the draft back as a PUT body that keeps what the form does not show.
import type { Campaign, CampaignInput } from "@/features/campaigns";
import { emptyDraft, inputOf, WEEKDAYS, type Draft, type HeaderMedia } from "./draft";

type Json = Record<string, unknown>;

/** specOf reads a campaign's stored spec (an object, or its JSON text). */
export function specOf(c: Pick<Campaign, "spec">): Json {
  const raw: unknown = c.spec;
  if (typeof raw === "string") {
    try {
      return JSON.parse(raw) as Json;
    } catch {
      return {};
    }
  }
  return raw && typeof raw === "object" ? (raw as Json) : {};
}

/** instantToZoned shows an instant as the wall clock "YYYY-MM-DDTHH:mm" of an IANA zone (zonedToISO's inverse). */
export function instantToZoned(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").join(", ") : "");
const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

const strings = (v: unknown): Record<string, string> =>
  v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string")) : {};

/** draftOfCampaign fills the form from a stored campaign. */
export function draftOfCampaign(c: Campaign, defaultZone: string): Draft {
  const spec = specOf(c);
  const audience = (spec.audience ?? {}) as Json;
  const schedule = (spec.schedule ?? {}) as Json;
  const message = (spec.message ?? {}) as Json;
  const template = message.template as Json | undefined;
  const media = message.media as (HeaderMedia & { caption?: string }) | undefined;
  const flow = spec.flow as Json | undefined;
  const allowed = schedule.allowed_hours as Json | undefined;
  const timezone = str(schedule.timezone, defaultZone);
  const d: Draft = {
    ...emptyDraft(timezone),
    name: c.name,
    channel: c.channel === "sms" ? "sms" : "whatsapp",
    connection: str(spec.connection),
    tags: list(audience.tags),
    anyTags: list(audience.any_tags),
    excludeTags: list(audience.exclude_tags),
    expression: str(audience.expression),
    kind: flow ? "flow" : template ? "template" : media ? "media" : "text",
    text: str(media ? media.caption : message.text),
    flowId: str(flow?.id),
  };
  if (media && typeof media.type === "string") {
    const { caption: _caption, ...file } = media;
    d.media = file;
  }
  if (template) {
    d.templateName = str(template.name);
    d.templateLanguage = str(template.language, d.templateLanguage);
    const vars = (template.variables ?? {}) as Record<string, string>;
    d.templateVariables = Object.entries(vars).map(([k, v]) => `${k}=${v}`).join("\n");
    const header = template.header as HeaderMedia | undefined;
    if (header && typeof header.type === "string") d.templateHeader = header;
    d.templateHeaderValues = strings(template.header_variables);
    d.templateButtons = strings(template.buttons);
  }
  if (typeof schedule.at === "string") {
    d.when = "at";
    d.at = instantToZoned(schedule.at, timezone);
  }
  if (allowed) {
    d.quiet = true;
    d.from = str(allowed.from, d.from);
    d.to = str(allowed.to, d.to);
    d.days = Array.isArray(allowed.days) ? WEEKDAYS.filter((w) => (allowed.days as string[]).includes(w)) : d.days;
  }
  return d;
}

/**
 * editInput is the PUT body for an edited draft: the form's fields replace their part of the
 * stored spec, and whatever the form does not show (pacing, breaker, cron, local_at, ...) is kept.
 */
export function editInput(original: Json, d: Draft): CampaignInput {
  const fresh = inputOf(d);
  const { audience: _a, message: _m, flow: _f, connection: _c, schedule, ...kept } = original;
  const { at: _at, allowed_hours: _h, timezone: _tz, ...keptSchedule } = (schedule ?? {}) as Json;
  return { ...fresh, spec: { ...fresh.spec, ...kept, schedule: { ...keptSchedule, ...fresh.spec.schedule } } as CampaignInput["spec"] };
}
