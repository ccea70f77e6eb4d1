import { EyeOff, LockKeyhole, Plus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Secret } from "@/api/types";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useDeleteSecret, useSecrets } from "@/features/secrets";
import { formatDateTime } from "@/lib/format";
import { SecretDialog } from "./SecretDialog";

/** SecretsPanel lists secret names; values are write-only and never displayed. */
export function SecretsPanel() {
  const { t } = useTranslation();
  const secrets = useSecrets();
  const del = useDeleteSecret();
  // undefined: closed; null: a new secret; a Secret: replacing its value.
  const [editing, setEditing] = useState<Secret | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Secret | null>(null);

  function confirmDelete() {
    if (!deleting) return;
    const s = deleting;
    del.mutate(s.id, {
      onSuccess: () => {
        toast.success(t("secrets.deleted", { name: s.name }));
        setDeleting(null);
      },
    });
  }

  return (
    <Card>
      <CardHeader className="flex-col gap-4 border-b border-border sm:flex-row sm:items-center sm:justify-between">
        <div className="grid gap-1">
          <CardTitle>{t("secrets.title")}</CardTitle>
          <CardDescription>{t("secrets.description")}</CardDescription>
        </div>
        {!secrets.isError && (
          <Button onClick={() => setEditing(null)}>
            <Plus aria-hidden />
            {t("secrets.set")}
          </Button>
        )}
      </CardHeader>

      {secrets.isPending ? (
        <TableSkeleton />
      ) : secrets.isError ? (
        <ErrorState error={secrets.error} onRetry={() => void secrets.refetch()} />
      ) : secrets.data.length === 0 ? (
        <EmptyState icon={LockKeyhole} title={t("secrets.empty")} />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("secrets.name")}</TableHead>
              <TableHead className="hidden sm:table-cell">{t("secrets.value")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("secrets.updated")}</TableHead>
              <TableHead className="w-40">
                <span className="sr-only">{t("common.actions")}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {secrets.data.map((s) => (
              <TableRow key={s.id} data-testid={`secret-${s.name}`}>
                <TableCell>
                  <code className="font-mono text-[13px] font-medium">{s.name}</code>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  <span className="inline-flex items-center gap-1.5 text-muted-foreground">
                    <EyeOff className="size-3.5" aria-hidden />
                    <span aria-hidden>••••••••</span>
                    <span className="sr-only">{t("secrets.hidden")}</span>
                  </span>
                </TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{formatDateTime(s.updated_at)}</TableCell>
                <TableCell>
                  <div className="flex justify-end gap-1">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(s)} aria-label={`${t("secrets.replace")} ${s.name}`}>
                      {t("secrets.replace")}
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-destructive hover:bg-red-50 hover:text-destructive"
                      onClick={() => setDeleting(s)}
                      aria-label={`${t("common.delete")} ${s.name}`}
                    >
                      {t("common.delete")}
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <SecretDialog secret={editing} onClose={() => setEditing(undefined)} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("secrets.deleteTitle", { name: deleting?.name ?? "" })}
        body={t("secrets.deleteBody")}
        confirmLabel={t("common.delete")}
        onConfirm={confirmDelete}
        pending={del.isPending}
      />
    </Card>
  );
}
