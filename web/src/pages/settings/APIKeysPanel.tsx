import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { APIKey } from "@/api/types";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { RoleBadge } from "@/components/common/RoleBadge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useAPIKeys, useRevokeAPIKey } from "@/features/apiKeys";
import { formatDate, formatDateTime } from "@/lib/format";
import { CreateAPIKeyDialog } from "./CreateAPIKeyDialog";

export function APIKeysPanel() {
  const { t } = useTranslation();
  const keys = useAPIKeys();
  const revoke = useRevokeAPIKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<APIKey | null>(null);

  function confirmRevoke() {
    if (!revoking) return;
    const k = revoking;
    revoke.mutate(k.id, {
      onSuccess: () => {
        toast.success(t("apiKeys.revoked", { name: k.name }));
        setRevoking(null);
      },
    });
  }

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      {t("apiKeys.create")}
    </Button>
  );

  return (
    <Card>
      <CardHeader className="flex-col gap-4 border-b border-border sm:flex-row sm:items-center sm:justify-between">
        <div className="grid gap-1">
          <CardTitle>{t("apiKeys.title")}</CardTitle>
          <CardDescription>{t("apiKeys.description")}</CardDescription>
        </div>
        {!keys.isError && createButton}
      </CardHeader>

      {keys.isPending ? (
        <TableSkeleton />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={KeyRound} title={t("apiKeys.empty")} />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("apiKeys.name")}</TableHead>
              <TableHead>{t("apiKeys.role")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("apiKeys.created")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("apiKeys.lastUsed")}</TableHead>
              <TableHead className="w-24">
                <span className="sr-only">{t("common.actions")}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.data.map((k) => (
              <TableRow key={k.id} data-testid={`api-key-${k.name}`}>
                <TableCell>
                  <div className="grid">
                    <span className="font-medium">{k.name}</span>
                    <code className="font-mono text-xs text-muted-foreground">mia_{k.prefix}_••••••••</code>
                  </div>
                </TableCell>
                <TableCell>
                  <RoleBadge role={k.role} />
                </TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{formatDate(k.created_at)}</TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">
                  {k.last_used_at ? formatDateTime(k.last_used_at) : t("common.never")}
                </TableCell>
                <TableCell className="text-right">
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-destructive hover:bg-red-50 hover:text-destructive"
                    onClick={() => setRevoking(k)}
                    aria-label={`${t("apiKeys.revoke")} ${k.name}`}
                  >
                    {t("apiKeys.revoke")}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}

      <CreateAPIKeyDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={t("apiKeys.revokeTitle", { name: revoking?.name ?? "" })}
        body={t("apiKeys.revokeBody")}
        confirmLabel={t("apiKeys.revoke")}
        onConfirm={confirmRevoke}
        pending={revoke.isPending}
      />
    </Card>
  );
}
