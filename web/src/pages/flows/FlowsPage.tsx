import { History, Plus, Trash2, Workflow } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Link, navigate } from "@/app/router";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useCreateFlow, useDeleteFlow, useFlows, type Flow } from "@/features/flows";
import { can } from "@/api/types";
import { useSession } from "@/features/session";
import { slugify, starterFlow } from "@/flows/starter";
import { formatDateTime } from "@/lib/format";
import { triggerIcon, triggerLabel } from "./labels";
import { fieldErrors } from "@/features/queryClient";

export default function FlowsPage() {
  const { t } = useTranslation();
  const flows = useFlows();
  const del = useDeleteFlow();
  const me = useSession();
  const admin = can(me.principal.role, "admin");
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Flow | null>(null);

  function confirmDelete() {
    if (!deleting) return;
    const f = deleting;
    del.mutate(f.id, {
      onSuccess: () => {
        toast.success(t("flows.deleted", { name: f.title || f.name }));
        setDeleting(null);
      },
    });
  }

  const newButton = admin && (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      {t("flows.new")}
    </Button>
  );

  return (
    <div className="grid gap-6">
      <PageHeader title={t("flows.title")} description={t("flows.subtitle")} actions={!flows.isError && newButton} />
      <Card className="overflow-hidden">
        {flows.isPending ? (
          <TableSkeleton rows={4} />
        ) : flows.isError ? (
          <ErrorState error={flows.error} onRetry={() => void flows.refetch()} />
        ) : flows.data.length === 0 ? (
          <EmptyState icon={Workflow} title={t("flows.empty")} action={newButton}>
            {t("flows.emptyBody")}
          </EmptyState>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("flows.flowTitle")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("flows.trigger")}</TableHead>
                <TableHead>{t("flows.version")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("flows.updated")}</TableHead>
                <TableHead className="w-24">
                  <span className="sr-only">{t("common.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {flows.data.map((f) => {
                const Icon = triggerIcon(f.trigger_on);
                return (
                  <TableRow key={f.id} data-testid={`flow-${f.name}`} className="cursor-pointer" onClick={() => navigate(`/flows/${f.id}`)}>
                    <TableCell className="w-full max-w-0">
                      <Link to={`/flows/${f.id}`} className="grid min-w-0 gap-0.5" onClick={(e) => e.stopPropagation()}>
                        <span className="truncate font-medium hover:text-primary">{f.title || f.name}</span>
                        <code className="truncate font-mono text-xs text-muted-foreground">{f.name}</code>
                      </Link>
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap md:table-cell">
                      {f.trigger_on ? (
                        <span className="inline-flex items-center gap-1.5 text-muted-foreground">
                          <Icon className="size-4" aria-hidden />
                          {triggerLabel(t, f.trigger_on)}
                        </span>
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </TableCell>
                    <TableCell>
                      {f.published_version > 0 ? (
                        <Badge variant="success">{t("flows.versionN", { version: f.published_version })}</Badge>
                      ) : (
                        <Badge variant="outline">{t("flows.notPublished")}</Badge>
                      )}
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">{formatDateTime(f.updated_at)}</TableCell>
                    <TableCell onClick={(e) => e.stopPropagation()}>
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="icon-sm" asChild>
                          <Link to={`/flows/${f.id}/runs`} aria-label={`${t("flows.runs")} ${f.name}`} title={t("flows.runs")}>
                            <History />
                          </Link>
                        </Button>
                        {admin && (
                          <Button
                            variant="ghost"
                            size="icon-sm"
                            className="text-destructive hover:bg-red-50 hover:text-destructive"
                            onClick={() => setDeleting(f)}
                            aria-label={`${t("common.delete")} ${f.name}`}
                            title={t("common.delete")}
                          >
                            <Trash2 />
                          </Button>
                        )}
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>
      <NewFlowDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("flows.deleteTitle", { name: deleting?.title || deleting?.name || "" })}
        body={t("flows.deleteBody")}
        confirmLabel={t("common.delete")}
        onConfirm={confirmDelete}
        pending={del.isPending}
      />
    </div>
  );
}

function NewFlowDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const create = useCreateFlow();
  const [title, setTitle] = useState("");
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const fields = fieldErrors(create.error);
  const slug = nameTouched ? name : slugify(title);

  function close() {
    setTitle("");
    setName("");
    setNameTouched(false);
    create.reset();
    onOpenChange(false);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const yaml = starterFlow(slug, title.trim(), {
      hello: t("flows.starter.hello"),
      help: t("flows.starter.help"),
      test: t("flows.starter.test"),
    });
    create.mutate(yaml, {
      onSuccess: (d) => {
        toast.success(t("flows.created", { name: d.title || d.name }));
        close();
        navigate(`/flows/${d.id}`);
      },
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5" noValidate autoComplete="off">
          <DialogHeader>
            <DialogTitle>{t("flows.newTitle")}</DialogTitle>
            <DialogDescription>{t("flows.newDescription")}</DialogDescription>
          </DialogHeader>
          <Field label={t("flows.flowTitle")} error={fields.title}>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t("flows.titlePlaceholder")} autoFocus />
          </Field>
          <Field label={t("flows.name")} hint={t("flows.nameHint")} error={fields.name ?? fields.yaml}>
            <Input
              value={slug}
              onChange={(e) => {
                setNameTouched(true);
                setName(e.target.value.toLowerCase().replace(/[^a-z0-9-]/g, "-"));
              }}
              placeholder={t("flows.namePlaceholder")}
              className="font-mono"
              spellCheck={false}
              autoCapitalize="off"
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!slug}>
              {t("common.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
