import { FileUp } from "lucide-react";
import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { importFinished, importPercent, rowErrors, rowProblem, useFieldDefs, useImportJob, useStartImport, type ImportJob } from "@/features/contacts";
import { importMessage } from "@/features/importMessage";
import { errorDetail, errorTitle, fieldErrors } from "@/features/queryClient";
import { autoMapping, mappingProblems, readCsvHead, requestMapping } from "./csvMapping";
import { ImportMapping } from "./ImportMapping";

const STATUSES = ["pending", "validating", "writing", "done", "failed"] as const;

/**
 * ImportDialog reads a CSV's header in the browser, lets the user map each column to a contact field
 * (pre-filled as the server would match it), uploads it as an import job with that mapping, then follows
 * its progress and shows the per-row error report.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState("");
  const [tags, setTags] = useState("");
  const [skipInvalid, setSkipInvalid] = useState(true);
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const start = useStartImport();
  const job = useImportJob(jobId);
  const fields = fieldErrors(start.error);
  const defs = useFieldDefs().data ?? [];
  const head = useMemo(() => readCsvHead(csv), [csv]);
  const headKey = head ? JSON.stringify(head.header) : "";
  // The user's choices hold for the header they were made on; a new header starts from the automatic mapping.
  const [edited, setEdited] = useState<{ key: string; targets: string[] } | null>(null);
  const targets = head
    ? edited?.key === headKey
      ? edited.targets
      : autoMapping(head.header, defs.map((d) => d.key))
    : [];
  const problems = head ? mappingProblems(head.header, targets) : [];

  function setTarget(column: number, target: string) {
    const next = [...targets];
    next[column] = target;
    setEdited({ key: headKey, targets: next });
  }

  function reset() {
    setCsv("");
    setFileName("");
    setTags("");
    setJobId(undefined);
    setEdited(null);
    start.reset();
  }

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    if (!f) return;
    setFileName(f.name);
    setCsv(await f.text());
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!head || problems.length > 0) return;
    const list = tags.split(",").map((s) => s.trim()).filter(Boolean);
    start.mutate(
      { csv, mapping: requestMapping(head.header, targets), skip_invalid: skipInvalid, ...(list.length ? { tags: list } : {}) },
      { onSuccess: (j) => setJobId(j.id), onError: (err) => toast.error(errorTitle(err), errorDetail(err)) },
    );
  }

  const j = job.data;
  const finished = importFinished(j);
  useEffect(() => {
    const done = job.data;
    if (!done || !importFinished(done) || announced.has(done.id)) return;
    announced.add(done.id);
    if (done.status === "done") toast.success(t("contactsPage.importDialog.finished", { created: done.created, updated: done.updated }));
    else toast.error(t("contactsPage.importDialog.failed"), importMessage(done));
  }, [job.data, t]);

  return (
    <Dialog open={open} onOpenChange={(o) => { if (!o) { reset(); onClose(); } }}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("contactsPage.importDialog.title")}</DialogTitle>
          <DialogDescription>{t("contactsPage.importDialog.description")}</DialogDescription>
        </DialogHeader>
        {!jobId ? (
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <Field label={t("contactsPage.importDialog.file")} error={fields.csv}>
              <Input type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
            </Field>
            <Field label={t("contactsPage.importDialog.paste")}>
              <textarea
                value={csv}
                onChange={(e) => { setCsv(e.target.value); setFileName(""); }}
                rows={5}
                spellCheck={false}
                placeholder={"nome,telefone,email,etiquetas\nAna Souza,11987654321,ana@exemplo.com.br,vip"}
                className="w-full rounded-md border border-input bg-card px-3 py-2 font-mono text-xs shadow-xs focus-visible:border-ring focus-visible:outline-none"
              />
            </Field>
            {fileName && (
              <p className="flex items-center gap-2 text-sm text-muted-foreground">
                <FileUp className="size-4" aria-hidden />
                {fileName}
              </p>
            )}
            {head && <ImportMapping head={head} targets={targets} defs={defs} problems={problems} onChange={setTarget} />}
            <Field label={t("contactsPage.importDialog.tags")} error={fields.tags}>
              <Input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="importados" />
            </Field>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5 size-4" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
              <span className="grid gap-0.5">
                <span className="font-medium">{t("contactsPage.importDialog.skipInvalid")}</span>
                <span className="text-xs text-muted-foreground">{t("contactsPage.importDialog.skipInvalidHint")}</span>
              </span>
            </label>
            <DialogFooter>
              <Button type="submit" loading={start.isPending} disabled={!head || problems.length > 0}>
                {t("contactsPage.importDialog.start")}
              </Button>
            </DialogFooter>
          </form>
        ) : (
          <ImportProgress job={j} finished={finished} onAgain={reset} />
        )}
      </DialogContent>
    </Dialog>
  );
}

// Jobs whose end was announced with a toast (once per job, whatever re-renders).
const announced = new Set<string>();

function ImportProgress({ job: j, finished, onAgain }: { job: ImportJob | undefined; finished: boolean; onAgain: () => void }) {
  const { t } = useTranslation();
  const pct = importPercent(j);
  const errors = rowErrors(j);
  const status = STATUSES.find((s) => s === j?.status);
  return (
    <div className="grid gap-4" data-testid="import-progress">
      <div className="flex items-center justify-between gap-2">
        <Badge variant={j?.status === "done" ? "success" : j?.status === "failed" ? "destructive" : "default"} data-testid="import-status">
          {status ? t(`contactsPage.importDialog.statuses.${status}`) : "…"}
        </Badge>
        <span className="text-sm text-muted-foreground">{t("contactsPage.importDialog.rows", { processed: j?.processed ?? 0, total: j?.total ?? 0 })}</span>
      </div>
      <div className="h-2.5 overflow-hidden rounded-full bg-muted" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t("contactsPage.import")}>
        <div className={j?.status === "failed" ? "h-full bg-destructive" : "h-full bg-primary transition-[width]"} style={{ width: `${pct}%` }} />
      </div>
      {finished && j && (
        <p className="text-sm font-medium" data-testid="import-result">
          {t("contactsPage.importDialog.result", { created: j.created, updated: j.updated })}
        </p>
      )}
      {j?.message && <p className="text-sm text-destructive" data-testid="import-message">{importMessage(j)}</p>}
      {errors.length > 0 && (
        <div className="grid gap-2">
          <p className="text-sm font-medium">{t("contactsPage.importDialog.errors", { count: errors.length })}</p>
          <div className="max-h-64 overflow-y-auto rounded-lg border border-border">
            <Table data-testid="import-errors">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-16">{t("contactsPage.importDialog.row")}</TableHead>
                  <TableHead className="w-28">{t("contactsPage.importDialog.field")}</TableHead>
                  <TableHead>{t("contactsPage.importDialog.problem")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {errors.map((e, i) => (
                  <TableRow key={`${e.row}-${e.field}-${i}`}>
                    <TableCell className="tabular-nums">{e.row}</TableCell>
                    <TableCell><code className="text-xs">{e.field}</code></TableCell>
                    <TableCell>{rowProblem(e)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
      {finished && (
        <DialogFooter>
          <Button variant="outline" onClick={onAgain}>
            {t("contactsPage.importDialog.again")}
          </Button>
        </DialogFooter>
      )}
    </div>
  );
}
