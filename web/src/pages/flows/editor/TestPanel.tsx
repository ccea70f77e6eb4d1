// Runs the draft's tests and a dry run, shows each result with its trace,
// and picks the result whose path the canvas highlights.
import { CircleAlert, CircleCheck, CircleX, FlaskConical, Play } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { parse as parseYaml } from "yaml";
import { errorDetail } from "@/features/queryClient";
import type { TestGiven, TestResult } from "@/features/flows";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { STATUS_VARIANT, statusLabel } from "../labels";
import { TraceList } from "../TraceList";
import { FormRow } from "./fields";

type Props = {
  results: TestResult[] | null;
  error: unknown;
  running: boolean;
  onRun: (given: TestGiven) => void;
  selected: number | null;
  onSelect: (i: number | null) => void;
  onStep: (stepId: string) => void;
};

export const DRY_RUN = "dry run";

export function TestPanel({ results, error, running, onRun, selected, onSelect, onStep }: Props) {
  const { t } = useTranslation();
  const ids = { text: useId(), channel: useId(), name: useId(), mocks: useId() };
  const [text, setText] = useState("Oi, quero saber o preço");
  const [channel, setChannel] = useState("whatsapp");
  const [name, setName] = useState("Ana");
  const [mocks, setMocks] = useState("");
  const [mocksError, setMocksError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    let parsed: TestGiven["mocks"];
    if (mocks.trim()) {
      try {
        parsed = parseYaml(mocks) as TestGiven["mocks"];
        setMocksError(null);
      } catch (err) {
        setMocksError(err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err));
        return;
      }
    }
    onRun({ message: { text, channel }, contact: { first_name: name }, mocks: parsed ?? {} });
  }

  const passed = results?.filter((r) => r.passed).length ?? 0;
  return (
    <div className="grid grid-cols-1" data-testid="test-panel">
      <form onSubmit={submit} className="grid grid-cols-1 gap-3 border-b border-border p-4">
        <p className="text-xs leading-snug text-muted-foreground">{t("editor.tests.hint")}</p>
        <div className="grid grid-cols-[minmax(0,1fr)_7rem] gap-2">
          <FormRow label={t("editor.tests.message")} htmlFor={ids.text}>
            <Input id={ids.text} value={text} onChange={(e) => setText(e.target.value)} className="h-8 text-[13px]" />
          </FormRow>
          <FormRow label={t("editor.tests.channel")} htmlFor={ids.channel}>
            <Input id={ids.channel} value={channel} onChange={(e) => setChannel(e.target.value)} className="h-8 font-mono text-[13px]" />
          </FormRow>
        </div>
        <FormRow label={t("editor.tests.firstName")} htmlFor={ids.name}>
          <Input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} className="h-8 text-[13px]" />
        </FormRow>
        <details className="group" open={!!mocks}>
          <summary className="cursor-pointer text-xs font-medium text-muted-foreground hover:text-foreground">{t("editor.tests.mocks")}</summary>
          <div className="mt-2">
            <FormRow label={<span className="sr-only">{t("editor.tests.mocks")}</span>} htmlFor={ids.mocks} hint={t("editor.tests.mocksHint", { example: "{ output: { intent: buy } }" })} error={mocksError ?? undefined}>
              <textarea
                id={ids.mocks}
                value={mocks}
                onChange={(e) => setMocks(e.target.value)}
                rows={3}
                spellCheck={false}
                className="w-full rounded-md border border-input bg-card px-3 py-2 font-mono text-[12px] focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20"
              />
            </FormRow>
          </div>
        </details>
        <Button type="submit" loading={running} className="justify-self-start">
          <Play aria-hidden />
          {running ? t("editor.tests.running") : t("editor.tests.run")}
        </Button>
      </form>

      {error ? (
        <div className="m-4 flex gap-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="alert" data-testid="test-error">
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <div className="grid gap-0.5">
            <p className="font-semibold">{t("editor.tests.refused")}</p>
            <p className="text-xs">{errorDetail(error)}</p>
          </div>
        </div>
      ) : !results ? (
        <div className="flex flex-col items-center gap-2 px-6 py-10 text-center text-xs text-muted-foreground">
          <FlaskConical className="size-6 text-primary/60" aria-hidden />
          {t("editor.tests.none")}
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-3 p-4">
          <p className="text-xs font-medium text-muted-foreground" data-testid="test-summary">
            {t("editor.tests.summary", { passed, total: results.length })}
          </p>
          {results.map((r, i) => {
            const open = selected === i;
            return (
              <div
                key={i}
                className={cn("rounded-lg border bg-card transition-shadow", open ? "border-primary/50 shadow-sm" : "border-border", !r.passed && "border-red-200")}
                data-testid="test-result"
                data-passed={r.passed}
              >
                <button type="button" onClick={() => onSelect(open ? null : i)} className="flex w-full items-center gap-2 p-3 text-left" aria-expanded={open}>
                  {r.passed ? <CircleCheck className="size-4 shrink-0 text-emerald-600" aria-hidden /> : <CircleX className="size-4 shrink-0 text-destructive" aria-hidden />}
                  <span className="min-w-0 flex-1 truncate text-[13px] font-medium">{r.name === DRY_RUN ? t("editor.tests.dryRun") : r.name}</span>
                  <Badge variant={r.passed ? "success" : "destructive"} className="shrink-0">
                    {r.passed ? t("editor.tests.passed") : t("editor.tests.failed")}
                  </Badge>
                </button>
                <div className="grid gap-2 px-3 pb-3">
                  <div className="flex flex-wrap items-center gap-1 text-[11px]">
                    <Badge variant={STATUS_VARIANT[r.status] ?? "outline"} className="text-[10px]">
                      {statusLabel(t, r.status)}
                    </Badge>
                    {r.path.map((p, n) => (
                      <span key={n} className="inline-flex items-center gap-1 text-muted-foreground">
                        {n > 0 && "→"}
                        <code className="rounded bg-muted px-1 font-mono text-foreground">{p}</code>
                      </span>
                    ))}
                  </div>
                  {r.problems && r.problems.length > 0 && (
                    <ul className="grid gap-0.5 text-xs text-red-700">
                      {r.problems.map((p, n) => (
                        <li key={n}>• {p}</li>
                      ))}
                    </ul>
                  )}
                  {open && (
                    <div className="grid gap-1 border-t border-border pt-2">
                      <p className="text-[10px] font-semibold uppercase tracking-wider text-muted-foreground">{t("editor.tests.trace")}</p>
                      <TraceList trace={r.trace} onStep={onStep} />
                    </div>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
