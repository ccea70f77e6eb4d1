// The side panel's form for the selected node: a step (inputs generated
// from its action's schema, paths, retries), the trigger, or the flow.
import { ArrowUpToLine, ChevronRight, CircleAlert, Plus, Trash2, X } from "lucide-react";
import { useId, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "yaml";
import {
  fieldOfDiagnostic,
  moveToFirst,
  removeStep,
  renameStep,
  setIn,
  setStepField,
  TRIGGER_NODE,
  type Diagnostic,
  type FlowModel,
  type StepInfo,
} from "@/flows/flowDoc";
import type { Catalog } from "@/flows/schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";
import { actionHelp, actionLabel, lookOf, paletteKeyOf, triggerIcon, triggerLabel } from "../labels";
import { FormRow, MapEditor, RefSelect, SchemaField, TextInput, YamlValue, type RefOption } from "./fields";
import { lintMessage } from "@/flows/lintMessage";

type Edit = (change: (doc: Document) => void, opts?: { select?: (doc: Document) => string | null }) => void;

type Props = {
  model: FlowModel;
  selected: string | null;
  catalog: Catalog;
  problems: Map<string, Diagnostic[]>;
  flowProblems: Diagnostic[];
  onEdit: Edit;
  onSelect: (id: string | null) => void;
  readOnly: boolean;
};

const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function StepPanel(props: Props) {
  const { model, selected } = props;
  if (selected === TRIGGER_NODE) return <TriggerForm {...props} />;
  const step = model.steps.find((s) => s.nodeId === selected);
  if (step) return <StepForm key={step.nodeId} {...props} step={step} />;
  return <FlowForm {...props} />;
}

function Section({ title, children, className }: { title: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cn("grid grid-cols-1 gap-3 border-t border-border px-4 py-4 first:border-t-0", className)}>
      <h3 className="text-[11px] font-semibold uppercase tracking-wider text-muted-foreground">{title}</h3>
      {children}
    </section>
  );
}

function ProblemNotes({ problems }: { problems: Diagnostic[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="mx-4 mt-3 grid gap-1 rounded-lg border border-red-200 bg-red-50 p-2.5 text-xs text-red-800" role="alert" data-testid="step-problems">
      <p className="font-semibold">{t("editor.step.problems")}</p>
      {problems.map((p, i) => (
        <p key={i} className="flex gap-1.5">
          <CircleAlert className="mt-0.5 size-3 shrink-0" aria-hidden />
          <span>
            {lintMessage(p)} <code className="font-mono text-[10px] text-red-600">{p.code}</code>
          </span>
        </p>
      ))}
    </div>
  );
}

function useRefOptions(model: FlowModel, except?: number): RefOption[] {
  const { t } = useTranslation();
  return useMemo(
    () => [
      ...model.steps.filter((s) => s.index !== except && s.id).map((s) => ({ value: s.id, label: s.id })),
      { value: "end", label: t("editor.step.endRef") },
    ],
    [model.steps, except, t],
  );
}

function StepForm({ model, step, catalog, problems, onEdit, onSelect, readOnly }: Props & { step: StepInfo }) {
  const { t } = useTranslation();
  const idField = useId();
  const key = paletteKeyOf(step);
  const look = lookOf(key);
  const Icon = look.icon;
  const spec = step.uses ? catalog.byUses.get(step.uses) : undefined;
  const mine = problems.get(step.nodeId) ?? [];
  const errors = useMemo(() => {
    const m = new Map<string, string>();
    for (const d of mine) {
      const f = fieldOfDiagnostic(d.path);
      if (f !== undefined && !m.has(f)) m.set(f, lintMessage(d));
    }
    return m;
  }, [mine]);
  const refs = useRefOptions(model, step.index);
  const following = model.steps[step.index + 1]?.id;
  const defaultNext = following ? t("editor.step.defaultRef", { step: following }) : t("editor.step.defaultEnd");
  const i = step.index;
  const set = (path: (string | number)[], v: unknown) => onEdit((doc) => setStepField(doc, i, path, v));
  const withObj = (typeof step.with === "object" && step.with !== null && !Array.isArray(step.with) ? step.with : {}) as Record<string, unknown>;
  const taken = (id: string) => model.steps.some((s) => s.index !== i && s.id === id);
  const showTimeout = step.kind === "action" && step.uses !== "end" && step.uses !== "goto";

  return (
    <div className="grid grid-cols-1" data-testid="step-form">
      <div className="flex items-start gap-3 px-4 pt-4">
        <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-lg", look.tone)}>
          <Icon className="size-4.5" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1 gap-0.5">
          <h2 className="truncate text-sm font-semibold">{actionLabel(t, key)}</h2>
          <p className="text-xs leading-snug text-muted-foreground">{actionHelp(t, key, spec?.description)}</p>
        </div>
        <Button variant="ghost" size="icon-sm" className="-mr-2 -mt-1 shrink-0 max-md:hidden" onClick={() => onSelect(null)} aria-label={t("editor.panel.close")}>
          <X />
        </Button>
      </div>
      <ProblemNotes problems={mine} />
      <fieldset disabled={readOnly} className="contents">
        <Section title={t("editor.step.id")}>
          <FormRow
            label={t("editor.step.id")}
            htmlFor={idField}
            hint={t("editor.step.idHint", { id: step.id || "id" })}
            error={errors.get("id")}
          >
            <TextInput
              id={idField}
              value={step.id}
              commitOnBlur
              className="font-mono"
              onCommit={(v) => {
                const id = v.trim();
                if (!ID_RE.test(id) || id === "end" || taken(id)) return;
                onEdit((doc) => renameStep(doc, i, id), { select: () => id });
              }}
              aria-invalid={errors.has("id") || undefined}
            />
          </FormRow>
        </Section>

        {step.kind === "action" && (
          <Section title={t("editor.step.inputs")}>
            {!spec ? (
              <>
                <p className="text-xs text-muted-foreground">{t("editor.step.unknownAction", { uses: step.uses ?? "" })}</p>
                <YamlValue value={step.with} onChange={(v) => set(["with"], v)} />
              </>
            ) : spec.fields.length === 0 && !spec.extra ? (
              <p className="text-xs text-muted-foreground">{t("editor.step.noInputs")}</p>
            ) : (
              <>
                {errors.get("with") && <p className="text-xs text-destructive" data-field-error>{errors.get("with")}</p>}
                {spec.fields.map((f) => (
                  <SchemaField
                    key={f.key}
                    spec={f}
                    value={withObj[f.key]}
                    onChange={(v) => set(["with", f.key], v)}
                    errors={errors}
                    path={`with.${f.key}`}
                    refOptions={refs}
                  />
                ))}
                {spec.extra && (
                  <FormRow label={t("editor.step.variables")} hint={spec.extra.description} error={[...errors].find(([k]) => k.startsWith("with."))?.[1]}>
                    <MapEditor
                      value={withObj}
                      onChange={(m) => set(["with"], m)}
                      keyLabel={t("editor.step.variable")}
                      addLabel={t("editor.step.addVariable")}
                      example={{ name: "{{ message.text }}" }}
                    />
                  </FormRow>
                )}
              </>
            )}
          </Section>
        )}

        {step.kind === "branch" && (
          <Section title={t("editor.step.condition")}>
            <FormRow label={<code className="font-mono">if</code>} hint={t("editor.triggerForm.ifHint")} error={errors.get("if")} required>
              <TextInput multiline value={step.if ?? ""} onCommit={(v) => set(["if"], v)} aria-label="if" aria-invalid={errors.has("if") || undefined} />
            </FormRow>
            <FormRow label={t("editor.step.then")} error={errors.get("then")}>
              <RefSelect value={step.then} onChange={(v) => set(["then"], v)} options={refs} defaultLabel={defaultNext} invalid={errors.has("then")} />
            </FormRow>
            <FormRow label={t("editor.step.else")} error={errors.get("else")}>
              <RefSelect value={step.else} onChange={(v) => set(["else"], v)} options={refs} defaultLabel={defaultNext} invalid={errors.has("else")} />
            </FormRow>
          </Section>
        )}

        {step.kind === "switch" && (
          <Section title={t("editor.step.cases")}>
            {(step.cases ?? []).map((c, n) => (
              <div key={n} className="grid gap-2 rounded-lg border border-border p-3">
                <div className="flex items-center justify-between">
                  <Badge variant="violet">{t("editor.step.case", { n: n + 1 })}</Badge>
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    className="size-7 text-muted-foreground"
                    onClick={() => onEdit((doc) => doc.deleteIn(["steps", i, "switch", "cases", n]))}
                    aria-label={t("editor.step.removeCase", { n: n + 1 })}
                  >
                    <X />
                  </Button>
                </div>
                <FormRow label={t("editor.step.when")} error={errors.get(`switch.cases[${n}].when`)}>
                  <TextInput multiline value={c.when} onCommit={(v) => set(["switch", "cases", n, "when"], v)} aria-label={`${t("editor.step.when")} ${n + 1}`} />
                </FormRow>
                <FormRow label={t("editor.step.goTo")} error={errors.get(`switch.cases[${n}].next`)}>
                  <RefSelect value={c.next || undefined} onChange={(v) => set(["switch", "cases", n, "next"], v ?? "end")} options={refs} />
                </FormRow>
              </div>
            ))}
            <Button
              variant="outline"
              size="sm"
              className="justify-self-start"
              onClick={() =>
                onEdit((doc) => {
                  const cases = doc.getIn(["steps", i, "switch", "cases"]);
                  if (cases && typeof cases === "object" && "add" in cases) (cases as { add(v: unknown): void }).add(doc.createNode({ when: "true", next: "end" }));
                  else setIn(doc, ["steps", i, "switch", "cases"], [{ when: "true", next: "end" }]);
                })
              }
            >
              <Plus aria-hidden />
              {t("editor.step.addCase")}
            </Button>
            <FormRow label={t("editor.step.default")} error={errors.get("switch.default")}>
              <RefSelect value={step.switchDefault} onChange={(v) => set(["switch", "default"], v)} options={refs} defaultLabel={defaultNext} />
            </FormRow>
          </Section>
        )}

        {step.kind !== "branch" && step.kind !== "switch" && step.uses !== "end" && step.uses !== "goto" && (
          <Section title={t("editor.step.connections")}>
            <FormRow label={t("editor.step.next")} hint={undefined} error={errors.get("next")}>
              <RefSelect value={step.next} onChange={(v) => set(["next"], v)} options={refs} defaultLabel={defaultNext} invalid={errors.has("next")} />
            </FormRow>
            {step.kind === "action" && (
              <FormRow label={t("editor.step.onError")} error={errors.get("on_error")}>
                <RefSelect value={step.onError} onChange={(v) => set(["on_error"], v)} options={refs} defaultLabel={t("editor.step.failRun")} invalid={errors.has("on_error")} />
              </FormRow>
            )}
            {showTimeout && (spec?.waits || step.timeout !== undefined || step.onTimeout !== undefined) && (
              <FormRow label={t("editor.step.onTimeout")} error={errors.get("on_timeout")}>
                <RefSelect value={step.onTimeout} onChange={(v) => set(["on_timeout"], v)} options={refs} defaultLabel={t("editor.step.none")} invalid={errors.has("on_timeout")} />
              </FormRow>
            )}
          </Section>
        )}

        {showTimeout && (
          <details className="group border-t border-border" open={step.timeout !== undefined || errors.has("timeout") || [...errors.keys()].some((k) => k.startsWith("retry"))}>
            <summary className="flex cursor-pointer list-none items-center gap-1 px-4 py-3 text-[11px] font-semibold uppercase tracking-wider text-muted-foreground hover:text-foreground">
              <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden />
              {t("editor.step.advanced")}
            </summary>
            <div className="grid gap-3 px-4 pb-4">
              <FormRow label={t("editor.step.timeout")} hint={catalog.stepDocs.timeout} error={errors.get("timeout")}>
                <TextInput value={step.timeout ?? ""} onCommit={(v) => set(["timeout"], v)} placeholder="30s" className="font-mono" aria-label={t("editor.step.timeout")} />
              </FormRow>
              <RetryFields retry={step.retry ?? {}} errors={errors} set={set} />
            </div>
          </details>
        )}
      </fieldset>

      {!readOnly && (
        <div className="flex flex-wrap gap-2 border-t border-border px-4 py-4">
          {i > 0 && (
            <Button variant="outline" size="sm" onClick={() => onEdit((doc) => moveToFirst(doc, i))}>
              <ArrowUpToLine aria-hidden />
              {t("editor.step.makeFirst")}
            </Button>
          )}
          <Button
            variant="outline"
            size="sm"
            className="ml-auto text-destructive hover:bg-red-50 hover:text-destructive"
            onClick={() => onEdit((doc) => removeStep(doc, i), { select: () => null })}
          >
            <Trash2 aria-hidden />
            {t("editor.step.remove")}
          </Button>
        </div>
      )}
    </div>
  );
}

function RetryFields({ retry, errors, set }: { retry: Record<string, unknown>; errors: Map<string, string>; set: (p: (string | number)[], v: unknown) => void }) {
  const { t } = useTranslation();
  const fields = [
    { key: "max_attempts", label: t("editor.step.maxAttempts"), ph: "3" },
    { key: "backoff", label: t("editor.step.backoff"), ph: "1s" },
    { key: "max_backoff", label: t("editor.step.maxBackoff"), ph: "5m" },
  ];
  return (
    <fieldset className="grid gap-3 rounded-lg border border-border p-3">
      <legend className="px-1 text-[13px] font-medium">{t("editor.step.retry")}</legend>
      <div className="grid grid-cols-3 gap-2">
        {fields.map((f) => (
          <FormRow key={f.key} label={<span className="text-xs">{f.label}</span>} error={errors.get(`retry.${f.key}`)}>
            <TextInput
              value={retry[f.key] === undefined || retry[f.key] === null ? "" : String(retry[f.key])}
              placeholder={f.ph}
              className="font-mono"
              aria-label={f.label}
              onCommit={(v) => set(["retry", f.key], f.key === "max_attempts" && /^\d+$/.test(v.trim()) ? Number(v) : v.trim())}
            />
          </FormRow>
        ))}
      </div>
    </fieldset>
  );
}

function TriggerForm({ model, catalog, problems, onEdit, onSelect, readOnly }: Props) {
  const { t } = useTranslation();
  const onId = useId();
  const on = typeof model.trigger.on === "string" ? model.trigger.on : "";
  const kind = catalog.triggers.find((k) => k.on === on);
  const Icon = triggerIcon(on);
  const mine = problems.get(TRIGGER_NODE) ?? [];
  const errors = new Map<string, string>();
  for (const d of mine) if (d.path) errors.set(d.path.replace(/^trigger\.?/, ""), lintMessage(d));
  const set = (key: string, v: unknown) => onEdit((doc) => setIn(doc, ["trigger", key], v));
  return (
    <div className="grid grid-cols-1" data-testid="trigger-form">
      <div className="flex items-start gap-3 px-4 pt-4">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-emerald-600 to-teal-700 text-white">
          <Icon className="size-4.5" aria-hidden />
        </span>
        <div className="grid min-w-0 flex-1 gap-0.5">
          <h2 className="text-sm font-semibold">{t("editor.trigger")}</h2>
          <p className="text-xs text-muted-foreground">{triggerLabel(t, on)}</p>
        </div>
        <Button variant="ghost" size="icon-sm" className="-mr-2 -mt-1 max-md:hidden" onClick={() => onSelect(null)} aria-label={t("editor.panel.close")}>
          <X />
        </Button>
      </div>
      <ProblemNotes problems={mine} />
      <fieldset disabled={readOnly} className="contents">
        <Section title={t("editor.triggerForm.on")}>
          <FormRow label={t("editor.triggerForm.on")} htmlFor={onId} error={errors.get("on")}>
            <Select
              value={on || undefined}
              onValueChange={(v) =>
                onEdit((doc) => {
                  const next = catalog.triggers.find((k) => k.on === v);
                  setIn(doc, ["trigger", "on"], v);
                  // drop the fields the new kind does not take
                  for (const key of Object.keys(model.trigger)) {
                    if (key !== "on" && key !== "if" && !next?.fields.includes(key)) doc.deleteIn(["trigger", key]);
                  }
                })
              }
            >
              <SelectTrigger id={onId} className="h-8 text-[13px]">
                <SelectValue placeholder={t("editor.step.choose")} />
              </SelectTrigger>
              <SelectContent>
                {catalog.triggers.map((k) => (
                  <SelectItem key={k.on} value={k.on} description={k.on}>
                    {triggerLabel(t, k.on)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormRow>
          {kind?.fields.map((f) => {
            const spec = catalog.triggerFields.get(f);
            if (!spec || f === WHILE_HUMAN) return null;
            return (
              <SchemaField
                key={f}
                spec={{ ...spec, required: kind.required.includes(f) }}
                value={model.trigger[f]}
                onChange={(v) => set(f, v)}
                errors={errors}
                path={f}
                refOptions={[]}
              />
            );
          })}
          {kind?.fields.includes(WHILE_HUMAN) && (
            <WhileHumanRow value={model.trigger[WHILE_HUMAN]} error={errors.get(WHILE_HUMAN)} onChange={(v) => set(WHILE_HUMAN, v)} />
          )}
          <FormRow label={t("editor.triggerForm.if")} hint={t("editor.triggerForm.ifHint")} error={errors.get("if")}>
            <TextInput multiline value={typeof model.trigger.if === "string" ? model.trigger.if : ""} onCommit={(v) => set("if", v)} aria-label={t("editor.triggerForm.if")} />
          </FormRow>
        </Section>
      </fieldset>
    </div>
  );
}

const WHILE_HUMAN = "while_human";

/** WhileHumanRow is trigger.while_human as a checkbox: checked writes
 * true, unchecked removes the key (false is the default). A value that is
 * not a boolean stays in the YAML, shown unchecked with its lint error. */
function WhileHumanRow({ value, error, onChange }: { value: unknown; error?: string; onChange: (v: true | undefined) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <FormRow label={<code className="font-mono">{WHILE_HUMAN}</code>} hint={t("editor.triggerForm.whileHumanHint")} error={error}>
      <label htmlFor={id} className="flex items-start gap-2 text-[13px]">
        <input id={id} type="checkbox" className="mt-0.5 size-4" checked={value === true} onChange={(e) => onChange(e.target.checked ? true : undefined)} data-testid="trigger-while-human" />
        {t("editor.triggerForm.whileHuman")}
      </label>
    </FormRow>
  );
}

function FlowForm({ model, onEdit, readOnly, flowProblems }: Props) {
  const { t } = useTranslation();
  return (
    <div className="grid grid-cols-1" data-testid="flow-form">
      <div className="grid gap-1 px-4 pt-4">
        <h2 className="text-sm font-semibold">{t("editor.flow.title")}</h2>
        <p className="text-xs text-muted-foreground">{t("editor.flow.hint")}</p>
      </div>
      <ProblemNotes problems={flowProblems} />
      <fieldset disabled={readOnly} className="contents">
        <Section title={t("editor.flow.title")}>
          <FormRow label={t("editor.flow.name")} hint={t("flows.nameHint")}>
            <code className="rounded-md border border-border bg-muted px-3 py-1.5 font-mono text-[13px]">{model.name || "—"}</code>
          </FormRow>
          <FormRow label={t("editor.flow.flowTitle")}>
            <TextInput value={model.title} onCommit={(v) => onEdit((doc) => setIn(doc, ["title"], v))} aria-label={t("editor.flow.flowTitle")} />
          </FormRow>
          <FormRow label={t("editor.flow.description")}>
            <TextInput multiline value={model.description} onCommit={(v) => onEdit((doc) => setIn(doc, ["description"], v))} aria-label={t("editor.flow.description")} className="font-sans" />
          </FormRow>
          <div className="flex flex-wrap gap-2 text-xs text-muted-foreground">
            <Badge variant="secondary">{t("editor.flow.steps", { count: model.steps.length })}</Badge>
            <Badge variant="secondary">{t("editor.flow.tests", { count: model.tests.length })}</Badge>
          </div>
        </Section>
      </fieldset>
    </div>
  );
}
