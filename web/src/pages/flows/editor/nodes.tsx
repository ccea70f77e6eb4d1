// The canvas' node types: the trigger, a step, and the end of the run.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { CircleAlert, CircleCheck, CircleX, Flag, Hourglass } from "lucide-react";
import { useCallback, type CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { Diagnostic, HandleId, StepInfo } from "@/flows/flowDoc";
import { NODE_WIDTH } from "@/flows/layout";
import { cn } from "@/lib/utils";
import { actionLabel, lookOf, paletteKeyOf, summarize, triggerIcon, triggerLabel } from "../labels";
import { lintMessage } from "@/flows/lintMessage";

export type HandleSpec = { id: HandleId; side: "bottom" | "left" | "right"; tone: "default" | "yes" | "no" | "error" | "timeout" | "case" };

export type StepNodeData = {
  step: StepInfo;
  handles: HandleSpec[];
  problems: Diagnostic[];
  highlighted: boolean;
  dimmed: boolean;
  traceStatus?: string;
};
export type TriggerNodeData = { trigger: Record<string, unknown>; problems: Diagnostic[]; highlighted: boolean };
export type EndNodeData = { highlighted: boolean };

export type StepNode = Node<StepNodeData, "step">;
export type TriggerNode = Node<TriggerNodeData, "trigger">;
export type EndNode = Node<EndNodeData, "end">;
export type FlowNode = StepNode | TriggerNode | EndNode;

/** handlesOf lists the exits a step offers for connecting (written or not). */
export function handlesOf(step: StepInfo, waits: boolean): HandleSpec[] {
  switch (step.kind) {
    case "branch":
      return [
        { id: "then", side: "bottom", tone: "yes" },
        { id: "else", side: "bottom", tone: "no" },
      ];
    case "switch":
      return [
        ...(step.cases ?? []).map((_, i) => ({ id: `case-${i}` as HandleId, side: "bottom" as const, tone: "case" as const })),
        { id: "default", side: "bottom", tone: "default" },
      ];
    case "action": {
      if (step.uses === "end") return [];
      if (step.uses === "goto") return [{ id: "goto", side: "bottom", tone: "default" }];
      const out: HandleSpec[] = [{ id: "next", side: "bottom", tone: "default" }, { id: "on_error", side: "right", tone: "error" }];
      if (waits || step.timeout !== undefined || step.onTimeout !== undefined) out.push({ id: "on_timeout", side: "left", tone: "timeout" });
      return out;
    }
    default:
      return [{ id: "next", side: "bottom", tone: "default" }];
  }
}

const HANDLE_TONE: Record<HandleSpec["tone"], string> = {
  default: "!border-slate-400",
  yes: "!border-emerald-500",
  no: "!border-rose-500",
  error: "!border-red-500",
  timeout: "!border-amber-500",
  case: "!border-violet-500",
};

const LABEL_TONE: Record<HandleSpec["tone"], string> = {
  default: "text-slate-500",
  yes: "text-emerald-700",
  no: "text-rose-700",
  error: "text-red-600",
  timeout: "text-amber-700",
  case: "text-violet-700",
};

export function useHandleLabel() {
  const { t } = useTranslation();
  return useCallback(
    (id: HandleId) => (id.startsWith("case-") ? t("editor.handles.case", { n: Number(id.slice(5)) + 1 }) : t(`editor.handles.${id as "next"}`)),
    [t],
  );
}

const handleClass =
  "!size-3 !rounded-full !border-2 !bg-white transition-transform hover:!scale-125 data-[connecting=true]:!scale-125";

function ProblemBadge({ problems }: { problems: Diagnostic[] }) {
  if (problems.length === 0) return null;
  return (
    <span
      className="absolute -right-2 -top-2 flex h-5 min-w-5 items-center justify-center gap-0.5 rounded-full bg-destructive px-1 text-[11px] font-semibold text-white shadow"
      title={problems.map(lintMessage).join("\n")}
      data-testid="node-problems"
    >
      <CircleAlert className="size-3" aria-hidden />
      {problems.length}
    </span>
  );
}

function TraceBadge({ status }: { status?: string }) {
  if (!status) return null;
  const Icon = status === "ok" ? CircleCheck : status === "failed" ? CircleX : Hourglass;
  const tone = status === "ok" ? "text-emerald-600" : status === "failed" ? "text-destructive" : "text-amber-600";
  return <Icon className={cn("absolute -left-2 -top-2 size-5 rounded-full bg-white", tone)} aria-label={status} />;
}

export function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { t } = useTranslation();
  const label = useHandleLabel();
  const { step, handles, problems, highlighted, dimmed, traceStatus } = data;
  const key = paletteKeyOf(step);
  const look = lookOf(key);
  const Icon = look.icon;
  const summary = summarize(step);
  const bottom = handles.filter((h) => h.side === "bottom");
  return (
    <div
      className={cn(
        "group relative rounded-xl border bg-card text-left shadow-sm transition-[box-shadow,opacity]",
        problems.length > 0 ? "border-destructive/70" : "border-border",
        selected && "ring-2 ring-primary ring-offset-1",
        highlighted && !selected && "ring-2 ring-emerald-400 ring-offset-1",
        dimmed && "opacity-50",
      )}
      style={{ width: NODE_WIDTH }}
      data-testid={`node-${step.id}`}
      data-problems={problems.length}
      data-highlighted={highlighted || undefined}
    >
      <Handle type="target" position={Position.Top} className={cn(handleClass, "!border-slate-400")} />
      <ProblemBadge problems={problems} />
      <TraceBadge status={traceStatus} />
      <div className="flex items-center gap-2.5 px-3 pt-2.5">
        <span className={cn("flex size-8 shrink-0 items-center justify-center rounded-lg", look.tone)}>
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1">
          <span className="truncate text-[13px] font-semibold leading-tight">{actionLabel(t, key)}</span>
          <code className="truncate font-mono text-[11px] text-muted-foreground">{step.id || "—"}</code>
        </div>
      </div>
      {summary ? <p className="truncate px-3 pb-2.5 pt-1.5 font-mono text-[11px] text-muted-foreground">{summary}</p> : <div className="h-2.5" />}
      {bottom.length > 1 && (
        <div className="flex justify-around border-t border-dashed border-border px-1 pb-1.5 pt-1">
          {bottom.map((h) => (
            <span key={h.id} className={cn("truncate text-[10px] font-medium", LABEL_TONE[h.tone])}>
              {label(h.id)}
            </span>
          ))}
        </div>
      )}
      {handles.map((h) => {
        const i = bottom.indexOf(h);
        const style: CSSProperties | undefined =
          h.side === "bottom" && bottom.length > 1 ? { left: `${((i + 0.5) / bottom.length) * 100}%` } : undefined;
        const position = h.side === "left" ? Position.Left : h.side === "right" ? Position.Right : Position.Bottom;
        return (
          <Handle
            key={h.id}
            id={h.id}
            type="source"
            position={position}
            style={style}
            className={cn(handleClass, HANDLE_TONE[h.tone])}
            title={label(h.id)}
            data-testid={`handle-${step.id}-${h.id}`}
          />
        );
      })}
    </div>
  );
}

export function TriggerNodeView({ data, selected }: NodeProps<TriggerNode>) {
  const { t } = useTranslation();
  const on = typeof data.trigger.on === "string" ? data.trigger.on : undefined;
  const Icon = triggerIcon(on);
  const details = Object.entries(data.trigger)
    .filter(([k]) => k !== "on")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
  return (
    <div
      className={cn(
        "relative rounded-xl bg-gradient-to-br from-emerald-600 to-teal-700 p-3 text-white shadow-md",
        selected && "ring-2 ring-primary ring-offset-2",
        data.highlighted && !selected && "ring-2 ring-emerald-400 ring-offset-1",
        data.problems.length > 0 && "ring-2 ring-destructive",
      )}
      style={{ width: NODE_WIDTH }}
      data-testid="node-trigger"
      data-problems={data.problems.length}
    >
      <ProblemBadge problems={data.problems} />
      <div className="flex items-center gap-2.5">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-white/15">
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="grid min-w-0">
          <span className="text-[10px] font-semibold uppercase tracking-wider text-emerald-100">{t("editor.trigger")}</span>
          <span className="truncate text-[13px] font-semibold">{triggerLabel(t, on)}</span>
        </div>
      </div>
      {details && <p className="mt-2 truncate font-mono text-[11px] text-emerald-50/90">{details}</p>}
      <Handle type="source" id="start" position={Position.Bottom} isConnectable={false} className={cn(handleClass, "!border-emerald-700")} />
    </div>
  );
}

export function EndNodeView({ data }: NodeProps<EndNode>) {
  const { t } = useTranslation();
  return (
    <div
      className={cn(
        "flex w-[120px] items-center justify-center gap-1.5 rounded-full bg-slate-800 px-3 py-2 text-xs font-semibold text-white shadow",
        data.highlighted && "ring-2 ring-emerald-400 ring-offset-1",
      )}
      data-testid="node-end"
    >
      <Handle type="target" position={Position.Top} className={cn(handleClass, "!border-slate-600")} />
      <Flag className="size-3.5" aria-hidden />
      {t("editor.end")}
    </div>
  );
}

export const nodeTypes = { step: StepNodeView, trigger: TriggerNodeView, end: EndNodeView };
