// Names, icons and colours for actions, triggers and run statuses.
import {
  ArrowRightLeft,
  Braces,
  CalendarClock,
  CircleStop,
  Clock,
  CornerDownRight,
  Globe,
  Hand,
  Headset,
  MessageSquareReply,
  MessageSquareText,
  Phone,
  Play,
  Plug,
  Radio,
  Split,
  SquareKanban,
  Tag,
  TagsIcon,
  UserPen,
  UserPlus,
  Webhook,
  Zap,
  type LucideIcon,
} from "lucide-react";
import type { TFunction } from "i18next";
import i18n from "@/i18n";
import type { StepInfo } from "@/flows/flowDoc";

export type Group = "logic" | "waits" | "data" | "crm" | "service" | "plugins";

/** The palette entry of a step kind: an action's uses, or "branch" / "switch". */
export type PaletteKey = string;

type Look = { icon: LucideIcon; group: Group; tone: string };

// tone: the icon tile's classes
const LOOKS: Record<string, Look> = {
  branch: { icon: Split, group: "logic", tone: "bg-violet-100 text-violet-700" },
  switch: { icon: ArrowRightLeft, group: "logic", tone: "bg-violet-100 text-violet-700" },
  goto: { icon: CornerDownRight, group: "logic", tone: "bg-violet-100 text-violet-700" },
  end: { icon: CircleStop, group: "logic", tone: "bg-slate-200 text-slate-700" },
  delay: { icon: Clock, group: "waits", tone: "bg-amber-100 text-amber-700" },
  "wait.reply": { icon: MessageSquareReply, group: "waits", tone: "bg-amber-100 text-amber-700" },
  "wait.event": { icon: Radio, group: "waits", tone: "bg-amber-100 text-amber-700" },
  set: { icon: Braces, group: "data", tone: "bg-sky-100 text-sky-700" },
  "http.request": { icon: Globe, group: "data", tone: "bg-sky-100 text-sky-700" },
  "contact.tag": { icon: Tag, group: "crm", tone: "bg-emerald-100 text-emerald-700" },
  "contact.untag": { icon: TagsIcon, group: "crm", tone: "bg-emerald-100 text-emerald-700" },
  "contact.update": { icon: UserPen, group: "crm", tone: "bg-emerald-100 text-emerald-700" },
  "kanban.move": { icon: SquareKanban, group: "crm", tone: "bg-emerald-100 text-emerald-700" },
  handoff: { icon: Headset, group: "service", tone: "bg-rose-100 text-rose-700" },
};

const PLUGIN: Look = { icon: Plug, group: "plugins", tone: "bg-indigo-100 text-indigo-700" };

export const GROUP_ORDER: Group[] = ["logic", "waits", "data", "crm", "service", "plugins"];

export function lookOf(key: PaletteKey | undefined): Look {
  return (key && LOOKS[key]) || PLUGIN;
}

/** paletteKeyOf is the palette entry a step is an instance of. */
export function paletteKeyOf(step: StepInfo): PaletteKey {
  if (step.kind === "branch") return "branch";
  if (step.kind === "switch") return "switch";
  return step.uses ?? "";
}

const k = (s: string) => s.replace(/\./g, "_");

/** actionLabel names an action (or branch/switch) in the UI language; plugin actions by their uses. */
export function actionLabel(t: TFunction, key: PaletteKey): string {
  const id = `flows.actions.${k(key)}`;
  return i18n.exists(id) ? (t as (k: string) => string)(id) : key;
}

/** actionHelp describes an action; plugin actions keep the schema's description. */
export function actionHelp(t: TFunction, key: PaletteKey, fallback = ""): string {
  const id = `flows.actionHelp.${k(key)}`;
  return i18n.exists(id) ? (t as (k: string) => string)(id) : fallback;
}

const TRIGGER_ICONS: Record<string, LucideIcon> = {
  "message.received": MessageSquareText,
  schedule: CalendarClock,
  webhook: Webhook,
  "contact.created": UserPlus,
  "contact.tagged": Tag,
  "kanban.card.moved": SquareKanban,
  "campaign.enrolled": Zap,
  "call.ended": Phone,
  manual: Hand,
};

export function triggerIcon(on: string | undefined): LucideIcon {
  return (on && TRIGGER_ICONS[on]) || Play;
}

export function triggerLabel(t: TFunction, on: string | undefined): string {
  if (!on) return "—";
  const id = `flows.triggers.${k(on)}`;
  return i18n.exists(id) ? (t as (k: string) => string)(id) : on;
}

export const STATUS_VARIANT: Record<string, "success" | "destructive" | "warning" | "secondary" | "default" | "outline"> = {
  completed: "success",
  ok: "success",
  failed: "destructive",
  waiting: "warning",
  ready: "default",
  cancelled: "secondary",
  skipped: "outline",
};

export function statusLabel(t: TFunction, status: string): string {
  const id = `runs.statuses.${status}`;
  return i18n.exists(id) ? (t as (k: string) => string)(id) : status;
}

/** runReason words a run's (or a trace row's) stable reason code, such as
 * handed_to_human; other errors are shown as the server wrote them. */
export function runReason(t: TFunction, error: string): { text: string; known: boolean } {
  const id = `runs.reasons.${error}`;
  return /^[a-z_]+$/.test(error) && i18n.exists(id) ? { text: (t as (k: string) => string)(id), known: true } : { text: error, known: false };
}

/** summarize is one short line of a step's inputs for its node: "tag: lead · board: Vendas". */
export function summarize(step: StepInfo): string {
  if (step.kind === "branch") return step.if ?? "";
  if (step.kind === "switch") return (step.cases ?? []).map((c) => c.when).join(" · ");
  const w = step.with;
  if (w === undefined || w === null) return "";
  if (typeof w !== "object") return String(w);
  return Object.entries(w as Record<string, unknown>)
    .map(([key, v]) => `${key}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}
