// The phone's view of a flow: the trigger and the steps in order, each with
// where it goes next; a tap opens the step's form.
import { ArrowDown, CircleAlert } from "lucide-react";
import { useTranslation } from "react-i18next";
import { END_NODE, TRIGGER_NODE, type Diagnostic, type FlowEdge, type FlowModel } from "@/flows/flowDoc";
import { cn } from "@/lib/utils";
import { actionLabel, lookOf, paletteKeyOf, summarize, triggerIcon, triggerLabel } from "../labels";
import { useHandleLabel } from "./nodes";
import type { Highlight } from "./FlowCanvas";

type Props = {
  model: FlowModel;
  edges: FlowEdge[];
  problems: Map<string, Diagnostic[]>;
  selected: string | null;
  highlight: Highlight | null;
  onSelect: (id: string) => void;
};

export function StepList({ model, edges, problems, selected, highlight, onSelect }: Props) {
  const { t } = useTranslation();
  const handleLabel = useHandleLabel();
  const on = typeof model.trigger.on === "string" ? model.trigger.on : undefined;
  const TIcon = triggerIcon(on);
  const name = (nodeId: string) => (nodeId === END_NODE ? t("editor.end") : (model.steps.find((s) => s.nodeId === nodeId)?.id ?? nodeId));
  return (
    <ol className="grid gap-2 p-3" aria-label={t("editor.listView")} data-testid="step-list">
      <li>
        <button
          type="button"
          onClick={() => onSelect(TRIGGER_NODE)}
          className={cn("flex w-full items-center gap-3 rounded-xl bg-gradient-to-br from-emerald-600 to-teal-700 p-3 text-left text-white shadow", selected === TRIGGER_NODE && "ring-2 ring-primary ring-offset-2")}
        >
          <TIcon className="size-5 shrink-0" aria-hidden />
          <span className="grid">
            <span className="text-[10px] font-semibold uppercase tracking-wider text-emerald-100">{t("editor.trigger")}</span>
            <span className="text-sm font-semibold">{triggerLabel(t, on)}</span>
          </span>
          {(problems.get(TRIGGER_NODE)?.length ?? 0) > 0 && <CircleAlert className="ml-auto size-4" aria-hidden />}
        </button>
      </li>
      {model.steps.map((s) => {
        const key = paletteKeyOf(s);
        const look = lookOf(key);
        const Icon = look.icon;
        const mine = problems.get(s.nodeId) ?? [];
        const outs = edges.filter((e) => e.source === s.nodeId);
        return (
          <li key={s.nodeId} className="grid gap-2">
            <ArrowDown className="mx-auto size-4 text-muted-foreground" aria-hidden />
            <button
              type="button"
              onClick={() => onSelect(s.nodeId)}
              className={cn(
                "grid w-full gap-1.5 rounded-xl border bg-card p-3 text-left shadow-xs",
                mine.length ? "border-destructive/60" : "border-border",
                selected === s.nodeId && "ring-2 ring-primary",
                highlight?.nodes.has(s.nodeId) && "ring-2 ring-emerald-400",
              )}
              data-testid={`list-${s.id}`}
            >
              <span className="flex items-center gap-2.5">
                <span className={cn("flex size-8 shrink-0 items-center justify-center rounded-lg", look.tone)}>
                  <Icon className="size-4" aria-hidden />
                </span>
                <span className="grid min-w-0 flex-1">
                  <span className="truncate text-sm font-semibold">{actionLabel(t, key)}</span>
                  <code className="truncate font-mono text-[11px] text-muted-foreground">{s.id}</code>
                </span>
                {mine.length > 0 && (
                  <span className="flex items-center gap-1 rounded-full bg-destructive px-1.5 text-[11px] font-semibold text-white">
                    <CircleAlert className="size-3" aria-hidden />
                    {mine.length}
                  </span>
                )}
              </span>
              {summarize(s) && <span className="truncate font-mono text-[11px] text-muted-foreground">{summarize(s)}</span>}
              {outs.length > 0 && (
                <span className="flex flex-wrap gap-1">
                  {outs.map((e) => (
                    <span key={e.id} className={cn("rounded-md bg-muted px-1.5 py-0.5 text-[11px]", e.implicit && "text-muted-foreground")}>
                      {handleLabel(e.sourceHandle === "start" ? "next" : e.sourceHandle)} → <code className="font-mono">{name(e.target)}</code>
                    </span>
                  ))}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
