// A run's (or a test's) trace, step by step: status, input, output, error.
import { ChevronRight, CircleCheck, CircleDashed, CircleX, Hourglass } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { RunStep } from "@/features/flows";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import { runReason, STATUS_VARIANT, statusLabel } from "./labels";

function pretty(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === "object" && Object.keys(v).length === 0) return undefined;
    return JSON.stringify(v, null, 2);
  } catch {
    return raw;
  }
}

function StatusIcon({ status }: { status: string }) {
  if (status === "ok" || status === "completed") return <CircleCheck className="size-4 text-emerald-600" aria-hidden />;
  if (status === "failed") return <CircleX className="size-4 text-destructive" aria-hidden />;
  if (status === "waiting") return <Hourglass className="size-4 text-amber-600" aria-hidden />;
  return <CircleDashed className="size-4 text-muted-foreground" aria-hidden />;
}

export function TraceList({ trace, onStep, dense }: { trace: RunStep[]; onStep?: (stepId: string) => void; dense?: boolean }) {
  const { t } = useTranslation();
  if (trace.length === 0) return <p className="py-3 text-center text-xs text-muted-foreground">{t("runs.noTrace")}</p>;
  return (
    <ol className="relative grid gap-1" data-testid="trace">
      {trace.map((s, i) => {
        const input = pretty(s.input);
        const output = pretty(s.output);
        const hasDetail = !!(input || output || s.error);
        return (
          <li key={`${s.seq}-${i}`} className="relative pl-6" data-testid={`trace-${s.step_id}`} data-status={s.status}>
            {i < trace.length - 1 && <span className="absolute bottom-[-6px] left-[7px] top-5 w-px bg-border" aria-hidden />}
            <span className="absolute left-0 top-1.5">
              <StatusIcon status={s.status} />
            </span>
            <details className="group rounded-md" open={!dense && s.status === "failed"}>
              <summary
                className={cn("flex cursor-pointer list-none items-center gap-2 rounded-md px-1.5 py-1 hover:bg-muted", !hasDetail && "cursor-default")}
                onClick={(e) => {
                  if (!hasDetail) e.preventDefault();
                  onStep?.(s.step_id);
                }}
              >
                <code className="truncate font-mono text-[13px] font-medium">{s.step_id}</code>
                <Badge variant={STATUS_VARIANT[s.status] ?? "outline"} className="px-1.5 py-0 text-[10px]">
                  {statusLabel(t, s.status)}
                </Badge>
                {s.attempt > 1 && <span className="text-[11px] text-muted-foreground">{t("runs.attempt", { n: s.attempt })}</span>}
                {hasDetail && <ChevronRight className="ml-auto size-3.5 shrink-0 text-muted-foreground transition-transform group-open:rotate-90" aria-hidden />}
              </summary>
              {hasDetail && (
                <div className="mt-1 grid gap-1.5 pb-2 pl-1.5">
                  {s.error && <StepError error={s.error} />}
                  {input && <Payload label={t("runs.input")} text={input} />}
                  {output && <Payload label={t("runs.output")} text={output} />}
                </div>
              )}
            </details>
          </li>
        );
      })}
    </ol>
  );
}

function Payload({ label, text }: { label: string; text: string }) {
  return (
    <div className="grid gap-0.5">
      <span className="text-[10px] font-semibold uppercase tracking-wider text-muted-foreground">{label}</span>
      <pre className="max-h-48 overflow-auto rounded-md bg-slate-900 px-2.5 py-2 font-mono text-[11px] leading-relaxed text-slate-100">{text}</pre>
    </div>
  );
}

/** StepError is a trace row's error, or its known reason in the UI's words. */
function StepError({ error }: { error: string }) {
  const { t } = useTranslation();
  const reason = runReason(t, error);
  return <p className={cn("rounded-md px-2 py-1.5 text-xs", reason.known ? "bg-slate-100 text-slate-700" : "bg-red-50 text-red-800")}>{reason.text}</p>;
}
