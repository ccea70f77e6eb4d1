// Form controls generated from an input's schema (FieldSpec). Values are
// read from the document and every change is written back at once; text
// inputs keep what is being typed locally so "1." or "{{ " survive.
import { Plus, X } from "lucide-react";
import { useEffect, useId, useRef, useState, type ComponentProps, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { FieldSpec } from "@/flows/schema";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";

const NONE = "__none";

/** TextInput is an Input whose text is local while focused and written through on every change. */
export function TextInput({
  value,
  onCommit,
  multiline,
  commitOnBlur,
  className,
  ...props
}: Omit<ComponentProps<"input">, "value" | "onChange"> & {
  value: string;
  onCommit: (v: string) => void;
  multiline?: boolean;
  /** Only commit on blur / Enter (ids: a half-typed id is not written). */
  commitOnBlur?: boolean;
}) {
  const [text, setText] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(value);
  }, [value]);
  const common = {
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => {
      focused.current = false;
      if (commitOnBlur && text !== value) onCommit(text);
      else setText(value);
    },
  };
  if (multiline) {
    return (
      <textarea
        {...(props as ComponentProps<"textarea">)}
        {...common}
        value={text}
        rows={2}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          if (!commitOnBlur) onCommit(e.target.value);
        }}
        className={cn(
          "flex min-h-16 w-full min-w-0 rounded-md border border-input bg-card px-3 py-2 font-mono text-[13px] shadow-xs transition-colors",
          "placeholder:text-muted-foreground/70 focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20 aria-invalid:border-destructive",
          className,
        )}
      />
    );
  }
  return (
    <Input
      {...props}
      {...common}
      value={text}
      spellCheck={false}
      onChange={(e) => {
        setText(e.target.value);
        if (!commitOnBlur) onCommit(e.target.value);
      }}
      onKeyDown={(e) => {
        if (commitOnBlur && e.key === "Enter") (e.target as HTMLInputElement).blur();
        props.onKeyDown?.(e);
      }}
      className={cn("h-8 text-[13px]", className)}
    />
  );
}

/** FormRow lays out a label, a control, and the hint or the lint message for it. */
export function FormRow({ label, hint, error, children, htmlFor, required }: { label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; htmlFor?: string; required?: boolean }) {
  return (
    <div className="grid grid-cols-1 gap-1.5" data-field-row>
      <Label htmlFor={htmlFor} className="flex items-center gap-1 text-[13px]">
        {label}
        {required && <span className="text-destructive" aria-hidden>*</span>}
      </Label>
      {children}
      {error ? (
        <p className="text-xs text-destructive" data-field-error>
          {error}
        </p>
      ) : hint ? (
        <p className="text-[11px] leading-snug text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  );
}

function display(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export type RefOption = { value: string; label: string };

/** RefSelect picks a step reference: the default continuation, a step, or end. */
export function RefSelect({ id, value, onChange, options, defaultLabel, invalid }: { id?: string; value: string | undefined; onChange: (v: string | undefined) => void; options: RefOption[]; defaultLabel?: string; invalid?: boolean }) {
  const { t } = useTranslation();
  const known = value === undefined || options.some((o) => o.value === value);
  return (
    <Select value={value ?? NONE} onValueChange={(v) => onChange(v === NONE ? undefined : v)}>
      <SelectTrigger id={id} className="h-8 text-[13px]" aria-invalid={invalid || undefined}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {defaultLabel && <SelectItem value={NONE}>{defaultLabel}</SelectItem>}
        {!known && value !== undefined && <SelectItem value={value}>{value} ⚠</SelectItem>}
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
        {!defaultLabel && value === undefined && <SelectItem value={NONE}>{t("editor.step.choose")}</SelectItem>}
      </SelectContent>
    </Select>
  );
}

type FieldProps = {
  spec: FieldSpec;
  value: unknown;
  onChange: (v: unknown) => void;
  /** Lint messages by the field's path below the input (key, key.sub…). */
  errors: Map<string, string>;
  path: string;
  refOptions: RefOption[];
};

/** SchemaField renders one input of an action from its schema. */
export function SchemaField({ spec, value, onChange, errors, path, refOptions }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const error = errors.get(path);
  const braces = "{{ }}";
  const hint = [spec.description, spec.template ? t("editor.step.templateHint", { braces }) : ""].filter(Boolean).join(" · ");
  const placeholder = spec.example !== undefined ? display(spec.example) : spec.default !== undefined ? display(spec.default) : undefined;
  const isTemplate = typeof value === "string" && value.includes("{{");
  const row = (control: ReactNode) => (
    <FormRow label={<code className="font-mono">{spec.key}</code>} hint={hint} error={error} htmlFor={id} required={spec.required}>
      {control}
    </FormRow>
  );

  switch (spec.kind) {
    case "string":
    case "duration":
    case "expression":
      return row(
        <TextInput
          id={id}
          value={display(value)}
          onCommit={(v) => onChange(v)}
          placeholder={placeholder}
          className={cn(spec.kind !== "string" && "font-mono")}
          aria-invalid={error ? true : undefined}
          multiline={spec.kind === "expression" || (typeof value === "string" && value.length > 40)}
        />,
      );
    case "number":
    case "integer":
      return row(
        <TextInput
          id={id}
          value={display(value)}
          inputMode="decimal"
          onCommit={(v) => {
            const n = Number(v);
            onChange(v.trim() === "" ? undefined : Number.isFinite(n) && !v.includes("{") ? n : v);
          }}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
        />,
      );
    case "boolean":
      if (isTemplate) return row(<TextInput id={id} value={display(value)} onCommit={onChange} />);
      return row(
        <Select value={value === true ? "true" : value === false ? "false" : NONE} onValueChange={(v) => onChange(v === "true" ? true : v === "false" ? false : undefined)}>
          <SelectTrigger id={id} className="h-8 text-[13px]" aria-invalid={error ? true : undefined}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NONE}>{t("editor.step.none")}</SelectItem>
            <SelectItem value="true">{t("editor.step.yes")}</SelectItem>
            <SelectItem value="false">{t("editor.step.no")}</SelectItem>
          </SelectContent>
        </Select>,
      );
    case "enum":
      if (isTemplate) return row(<TextInput id={id} value={display(value)} onCommit={onChange} className="font-mono" />);
      return row(
        <Select value={value === undefined ? NONE : display(value)} onValueChange={(v) => onChange(v === NONE ? undefined : v)}>
          <SelectTrigger id={id} className="h-8 text-[13px]" aria-invalid={error ? true : undefined}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NONE}>{spec.default !== undefined ? `${t("editor.step.none")} (${display(spec.default)})` : t("editor.step.none")}</SelectItem>
            {value !== undefined && !spec.options?.includes(display(value)) && <SelectItem value={display(value)}>{display(value)}</SelectItem>}
            {spec.options?.map((o) => (
              <SelectItem key={o} value={o}>
                {o}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>,
      );
    case "stepRef":
      return row(<RefSelect id={id} value={typeof value === "string" ? value : undefined} onChange={onChange} options={refOptions} invalid={!!error} />);
    case "list":
      if (spec.options && (Array.isArray(value) || value === undefined)) {
        const cur = Array.isArray(value) ? value.map(String) : [];
        return row(
          <div className="flex flex-wrap gap-1" role="group" aria-label={spec.key}>
            {spec.options.map((o) => {
              const on = cur.includes(o);
              return (
                <button
                  key={o}
                  type="button"
                  aria-pressed={on}
                  onClick={() => onChange(on ? cur.filter((x) => x !== o) : spec.options!.filter((x) => x === o || cur.includes(x)))}
                  className={cn(
                    "rounded-md border px-2 py-0.5 font-mono text-xs transition-colors",
                    on ? "border-primary bg-primary text-primary-foreground" : "border-input bg-card hover:bg-muted",
                  )}
                >
                  {o}
                </button>
              );
            })}
          </div>,
        );
      }
      return row(
        <TextInput
          id={id}
          value={Array.isArray(value) ? value.map(String).join(", ") : display(value)}
          onCommit={(v) => onChange(v.includes("{{") ? v : v.split(",").map((s) => s.trim()).filter(Boolean))}
          placeholder={Array.isArray(spec.example) ? spec.example.join(", ") : "a, b, c"}
        />,
      );
    case "object":
      if (isTemplate || (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value)))) {
        return row(<YamlValue id={id} value={value} onChange={onChange} />);
      }
      return (
        <fieldset className="grid gap-3 rounded-lg border border-border p-3" data-field-row>
          <legend className="px-1 font-mono text-[13px] font-medium">{spec.key}</legend>
          {spec.description && <p className="-mt-1 text-[11px] text-muted-foreground">{spec.description}</p>}
          {error && <p className="text-xs text-destructive" data-field-error>{error}</p>}
          {spec.fields?.map((f) => {
            const obj = (value ?? {}) as Record<string, unknown>;
            return (
              <SchemaField
                key={f.key}
                spec={f}
                value={obj[f.key]}
                onChange={(v) => {
                  const next = { ...obj };
                  if (v === undefined || v === "") delete next[f.key];
                  else next[f.key] = v;
                  onChange(Object.keys(next).length ? next : undefined);
                }}
                errors={errors}
                path={`${path}.${f.key}`}
                refOptions={refOptions}
              />
            );
          })}
        </fieldset>
      );
    case "map":
      if (isTemplate || (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value)))) {
        return row(<YamlValue id={id} value={value} onChange={onChange} />);
      }
      return row(<MapEditor value={(value ?? {}) as Record<string, unknown>} onChange={(m) => onChange(Object.keys(m).length ? m : undefined)} example={spec.example} />);
    default:
      return row(<YamlValue id={id} value={value} onChange={onChange} />);
  }
}

/** YamlValue edits any value as a YAML snippet; invalid YAML is shown and not written. */
export function YamlValue({ id, value, onChange }: { id?: string; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const [err, setErr] = useState<string | null>(null);
  const text = value === undefined ? "" : typeof value === "string" ? value : stringifyYaml(value, { lineWidth: 0 }).trimEnd();
  return (
    <>
      <TextInput
        id={id}
        multiline
        value={text}
        placeholder={t("editor.step.yamlValue")}
        aria-invalid={err ? true : undefined}
        onCommit={(v) => {
          if (v.trim() === "") {
            setErr(null);
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = parseYaml(v);
            setErr(null);
            onChange(parsed);
          } catch (e) {
            setErr(e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e));
          }
        }}
      />
      {err && <p className="text-xs text-destructive">{t("editor.step.yamlInvalid", { message: err })}</p>}
    </>
  );
}

/** MapEditor edits an object of string values as key/value rows. */
export function MapEditor({
  value,
  onChange,
  example,
  keyLabel,
  valueLabel,
  addLabel,
}: {
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>) => void;
  example?: unknown;
  keyLabel?: string;
  valueLabel?: string;
  addLabel?: string;
}) {
  const { t } = useTranslation();
  const entries = Object.entries(value);
  const ex = typeof example === "object" && example !== null ? Object.entries(example as Record<string, unknown>)[0] : undefined;

  function rename(i: number, k: string) {
    const next: Record<string, unknown> = {};
    entries.forEach(([key, v], j) => {
      next[j === i ? k : key] = v;
    });
    onChange(next);
  }

  return (
    <div className="grid gap-1.5">
      {entries.map(([k, v], i) => (
        <div key={i} className="flex items-center gap-1.5">
          <TextInput value={k} commitOnBlur onCommit={(nk) => nk.trim() && rename(i, nk.trim())} aria-label={keyLabel ?? t("editor.step.key")} className="w-[38%] font-mono" />
          <TextInput
            value={display(v)}
            onCommit={(nv) => onChange({ ...value, [k]: nv })}
            aria-label={`${valueLabel ?? t("editor.step.value")} ${k}`}
            className="flex-1"
          />
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            className="size-8 shrink-0 text-muted-foreground"
            onClick={() => {
              const next = { ...value };
              delete next[k];
              onChange(next);
            }}
            aria-label={`${t("common.remove")} ${k}`}
          >
            <X />
          </Button>
        </div>
      ))}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="justify-self-start"
        onClick={() => {
          let k = ex?.[0] && !(ex[0] in value) ? ex[0] : "key";
          for (let n = 2; k in value; n++) k = `key_${n}`;
          onChange({ ...value, [k]: ex && k === ex[0] ? ex[1] : "" });
        }}
      >
        <Plus aria-hidden />
        {addLabel ?? t("editor.step.addEntry")}
      </Button>
    </div>
  );
}
