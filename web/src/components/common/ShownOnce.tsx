import { TriangleAlert } from "lucide-react";
import { CopyButton } from "@/components/common/CopyButton";

/** ShownOnce shows a credential the server gives out once (an API key, a webhook secret): a warning, the value and a copy button. */
export function ShownOnce({ warning, label, value, testId }: { warning: string; label: string; value: string; testId: string }) {
  return (
    <>
      <div className="flex items-start gap-2.5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>{warning}</span>
      </div>
      <div className="grid gap-2">
        <span className="text-sm font-medium">{label}</span>
        <div className="flex flex-col gap-2 sm:flex-row">
          <code data-testid={testId} className="flex-1 select-all break-all rounded-md border border-border bg-muted px-3 py-2 font-mono text-[13px]">
            {value}
          </code>
          <CopyButton text={value} />
        </div>
      </div>
    </>
  );
}
