// Every lint problem of the document, with where it is; a click takes you there.
import { CircleAlert, CircleCheck } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { Diagnostic } from "@/flows/flowDoc";
import { lintMessage } from "@/flows/lintMessage";

type Props = {
  diagnostics: Diagnostic[];
  /** refused is a refused publish's problems by path, worded (publishProblems). */
  refused: Record<string, string> | null;
  onPick: (d: Diagnostic) => void;
  nodeLabel: (d: Diagnostic) => string | undefined;
};

export function ProblemsList({ diagnostics, refused, onPick, nodeLabel }: Props) {
  const { t } = useTranslation();
  return (
    <div className="grid grid-cols-1" data-testid="problems">
      {refused && (
        <div className="m-4 mb-0 grid gap-1 rounded-lg border border-red-200 bg-red-50 p-3 text-xs text-red-800" role="alert" data-testid="publish-refused">
          <p className="flex items-center gap-1.5 text-sm font-semibold">
            <CircleAlert className="size-4" aria-hidden />
            {t("editor.problems.refused")}
          </p>
          <ul className="grid gap-0.5">
            {Object.entries(refused).map(([path, msg]) => (
              <li key={path}>
                <code className="font-mono">{path}</code>: {msg}
              </li>
            ))}
          </ul>
        </div>
      )}
      {diagnostics.length === 0 ? (
        <div className="flex flex-col items-center gap-2 px-6 py-10 text-center text-sm text-muted-foreground">
          <CircleCheck className="size-6 text-emerald-600" aria-hidden />
          {t("editor.problems.empty")}
        </div>
      ) : (
        <ul className="grid p-2">
          {diagnostics.map((d, i) => (
            <li key={i}>
              <button
                type="button"
                onClick={() => onPick(d)}
                className="grid w-full gap-1 rounded-lg px-2.5 py-2 text-left transition-colors hover:bg-muted"
                data-testid="problem"
              >
                <span className="flex items-start gap-2 text-[13px]">
                  <CircleAlert className="mt-0.5 size-3.5 shrink-0 text-destructive" aria-hidden />
                  <span>{lintMessage(d)}</span>
                </span>
                <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5 pl-5.5 text-[11px] text-muted-foreground">
                  <span className="font-medium text-foreground/80">{nodeLabel(d) ?? t("editor.problems.flow")}</span>
                  <span>{t("editor.problems.at", { line: d.line, col: d.col })}</span>
                  <code className="font-mono">{d.code}</code>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
