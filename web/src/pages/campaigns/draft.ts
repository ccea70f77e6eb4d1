// The new-campaign form's state and how it becomes the API's input.
import type { Audience, CampaignInput, PreviewInput } from "@/features/campaigns";

/** HeaderMedia is a message's or a template header's media: a stored file (blob_id), a link or an uploaded ID. */
export type HeaderMedia = { type: string; blob_id?: string; link?: string; id?: string; filename?: string };

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export type Draft = {
  name: string;
  channel: "whatsapp" | "sms";
  connection: string; // "" = the channel's first
  tags: string;
  anyTags: string;
  excludeTags: string;
  expression: string;
  kind: "text" | "template" | "media" | "flow";
  /** text is the message, or the caption of a media message. */
  text: string;
  /** media is the file of a media message (WhatsApp delivers it inside the 24-hour window only). */
  media: HeaderMedia | null;
  templateName: string;
  templateLanguage: string;
  templateVariables: string;
  /** templateHeader is the template's header media (a brochure), as the API takes it. */
  templateHeader: HeaderMedia | null;
  /** templateHeaderValues fill a text header's placeholders, by name ("1"). */
  templateHeaderValues: Record<string, string>;
  /** templateButtons are the endings of the dynamic URL buttons' links, by the button's index ("0"). */
  templateButtons: Record<string, string>;
  flowId: string;
  when: "now" | "at";
  at: string; // datetime-local value, in timezone
  timezone: string;
  quiet: boolean;
  from: string;
  to: string;
  days: string[];
};

export const emptyDraft = (timezone: string): Draft => ({
  name: "",
  channel: "whatsapp",
  connection: "",
  tags: "",
  anyTags: "",
  excludeTags: "",
  expression: "",
  kind: "text",
  text: "",
  media: null,
  templateName: "",
  templateLanguage: "pt_BR",
  templateVariables: "",
  templateHeader: null,
  templateHeaderValues: {},
  templateButtons: {},
  flowId: "",
  when: "now",
  at: "",
  timezone,
  quiet: false,
  from: "09:00",
  to: "20:00",
  days: ["mon", "tue", "wed", "thu", "fri"],
});

/** splitTags reads "vip, sp ,, novo" as ["vip", "sp", "novo"]. */
export function splitTags(s: string): string[] {
  return [...new Set(s.split(",").map((t) => t.trim()).filter(Boolean))];
}

/** parseVariables reads "1=Ana\nname = {{ contact.name }}" as {"1": "Ana", name: "{{ contact.name }}"}. */
export function parseVariables(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of s.split("\n")) {
    const i = line.indexOf("=");
    if (i <= 0) continue;
    const k = line.slice(0, i).trim();
    if (k) out[k] = line.slice(i + 1).trim();
  }
  return out;
}

/** filled keeps the values given, trimmed: {"1": " #1042 ", "2": ""} is {"1": "#1042"}. */
export function filled(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ""),
  );
}

export function audienceOf(d: Draft): Audience {
  const a: Audience = {};
  const tags = splitTags(d.tags);
  const any = splitTags(d.anyTags);
  const exclude = splitTags(d.excludeTags);
  if (tags.length) a.tags = tags;
  if (any.length) a.any_tags = any;
  if (exclude.length) a.exclude_tags = exclude;
  if (d.expression.trim()) a.expression = d.expression.trim();
  return a;
}

/**
 * previewInputOf is what the audience preview asks: the audience on the channel, and for a
 * template campaign its template and connection, so a marketing template's count leaves out the
 * contacts who stopped marketing messages, as its sends will.
 */
export function previewInputOf(d: Draft, sample: number): PreviewInput {
  const input: PreviewInput = { channel: d.channel, audience: audienceOf(d), sample };
  if (d.channel === "whatsapp" && d.kind === "template" && d.templateName.trim()) {
    input.template = { name: d.templateName.trim(), language: d.templateLanguage.trim() };
    if (d.connection) input.connection = d.connection;
  }
  return input;
}

/**
 * zonedToISO reads a wall-clock "YYYY-MM-DDTHH:mm" in an IANA time zone as
 * an instant (by the zone's offset at that moment).
 */
export function zonedToISO(local: string, timeZone: string): string | undefined {
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUTC = Date.UTC(y, mo - 1, d, h, mi);
  const offset = (t: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    }).formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) - t;
  };
  const first = asUTC - offset(asUTC);
  return new Date(asUTC - offset(first)).toISOString();
}

/** inputOf is the POST /campaigns body for a draft. */
export function inputOf(d: Draft): CampaignInput {
  const spec: CampaignInput["spec"] = {
    audience: audienceOf(d),
    schedule: { timezone: d.timezone || undefined },
    pacing: {},
    breaker: {},
  } as CampaignInput["spec"];
  if (d.connection) spec.connection = d.connection;
  if (d.kind === "flow") spec.flow = { id: d.flowId };
  else if (d.kind === "template") {
    const variables = parseVariables(d.templateVariables);
    const headerVariables = filled(d.templateHeaderValues);
    const buttons = filled(d.templateButtons);
    spec.message = {
      template: {
        name: d.templateName.trim(),
        language: d.templateLanguage.trim(),
        ...(Object.keys(variables).length ? { variables } : {}),
        ...(d.templateHeader ? { header: d.templateHeader } : {}),
        ...(Object.keys(headerVariables).length ? { header_variables: headerVariables } : {}),
        ...(Object.keys(buttons).length ? { buttons } : {}),
      },
    };
  } else if (d.kind === "media") {
    spec.message = { media: { ...(d.media ?? { type: "" }), ...(d.text.trim() ? { caption: d.text } : {}) } };
  } else spec.message = { text: d.text };
  if (d.when === "at") {
    const at = zonedToISO(d.at, d.timezone);
    if (at) spec.schedule.at = at;
  }
  if (d.quiet) spec.schedule.allowed_hours = { from: d.from, to: d.to, days: WEEKDAYS.filter((w) => d.days.includes(w)) };
  return { name: d.name.trim(), channel: d.channel, spec };
}
