// The YAML mode: a plain textarea (no wrapping, so rows are lines) with a
// line-number gutter; lines with lint problems are marked in the gutter and
// tinted behind the text.
import { forwardRef, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Diagnostic } from "@/flows/flowDoc";
import { cn } from "@/lib/utils";
import { lintMessage } from "@/flows/lintMessage";

const LINE = 20; // px, the textarea's line height
const PAD = 12; // px, top padding of text and gutter

export type YamlEditorHandle = { goTo: (line: number, col: number) => void };

type Props = {
  value: string;
  onChange: (v: string) => void;
  diagnostics: Diagnostic[];
  syntaxError?: { message: string; line?: number; col?: number };
  readOnly?: boolean;
};

export const YamlEditor = forwardRef<YamlEditorHandle, Props>(function YamlEditor({ value, onChange, diagnostics, syntaxError, readOnly }, ref) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const lines = useMemo(() => value.split("\n").length, [value]);
  const marks = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const d of diagnostics) if (d.line > 0) m.set(d.line, [...(m.get(d.line) ?? []), `${d.code}: ${lintMessage(d)}`]);
    if (syntaxError?.line) m.set(syntaxError.line, [...(m.get(syntaxError.line) ?? []), syntaxError.message]);
    return m;
  }, [diagnostics, syntaxError]);

  useImperativeHandle(ref, () => ({
    goTo(line: number, col: number) {
      const el = area.current;
      if (!el) return;
      const rows = el.value.split("\n");
      let at = 0;
      for (let i = 0; i < line - 1 && i < rows.length; i++) at += (rows[i]?.length ?? 0) + 1;
      at += Math.max(0, col - 1);
      el.focus();
      el.setSelectionRange(at, at);
      el.scrollTop = Math.max(0, (line - 1) * LINE - el.clientHeight / 3);
    },
  }));

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key !== "Tab" || e.shiftKey || e.metaKey || e.ctrlKey || e.altKey) return;
    e.preventDefault();
    const el = e.currentTarget;
    const { selectionStart: s, selectionEnd: end } = el;
    const next = `${value.slice(0, s)}  ${value.slice(end)}`;
    onChange(next);
    requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
  }

  return (
    <div className="relative flex h-full min-h-0 overflow-hidden bg-card font-mono text-[13px]" data-testid="yaml-editor">
      <div className="relative w-12 shrink-0 overflow-hidden border-r border-border bg-muted/50 text-right text-muted-foreground select-none" aria-hidden>
        <div style={{ transform: `translateY(${PAD - scroll.top}px)` }}>
          {Array.from({ length: lines }, (_, i) => {
            const msgs = marks.get(i + 1);
            return (
              <div
                key={i}
                className={cn("relative pr-2 tabular-nums", msgs && "font-semibold text-destructive")}
                style={{ height: LINE, lineHeight: `${LINE}px` }}
                title={msgs?.join("\n")}
                data-line={i + 1}
                data-problem={msgs ? "true" : undefined}
              >
                {msgs && <span className="absolute left-1.5 top-1/2 size-2 -translate-y-1/2 rounded-full bg-destructive" />}
                {i + 1}
              </div>
            );
          })}
        </div>
      </div>
      <div className="relative min-w-0 flex-1">
        <div className="pointer-events-none absolute inset-0 overflow-hidden" aria-hidden>
          {[...marks.keys()].map((line) => (
            <div
              key={line}
              className="absolute inset-x-0 border-y border-red-200/70 bg-red-50"
              style={{ top: PAD + (line - 1) * LINE - scroll.top, height: LINE }}
            />
          ))}
        </div>
        <textarea
          ref={area}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft })}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-label={t("editor.yaml")}
          className="absolute inset-0 h-full w-full resize-none overflow-auto whitespace-pre bg-transparent px-3 text-foreground caret-primary outline-none"
          style={{ lineHeight: `${LINE}px`, paddingTop: PAD, paddingBottom: PAD, tabSize: 2 }}
          data-testid="yaml-textarea"
        />
      </div>
    </div>
  );
});
