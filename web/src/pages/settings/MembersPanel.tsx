import { Trash2, UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can, type Member } from "@/api/types";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { RoleBadge, useRoleLabel } from "@/components/common/RoleBadge";
import { RoleSelect } from "@/components/common/RoleSelect";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useMembers, useRemoveMember, useSetMemberRole } from "@/features/members";
import { useSession } from "@/features/session";
import { formatDate } from "@/lib/format";
import { initials } from "@/lib/utils";
import { AddMemberDialog } from "./AddMemberDialog";

export function MembersPanel() {
  const { t } = useTranslation();
  const me = useSession();
  const members = useMembers();
  const setRole = useSetMemberRole();
  const remove = useRemoveMember();
  const roleLabel = useRoleLabel();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const admin = can(me.principal.role, "admin");

  function changeRole(m: Member, role: string) {
    if (role === m.role) return;
    setRole.mutate(
      { userId: m.user_id, role },
      { onSuccess: () => toast.success(t("members.roleChanged", { name: m.name, role: roleLabel(role) })) },
    );
  }

  function confirmRemove() {
    if (!removing) return;
    const m = removing;
    remove.mutate(m.user_id, {
      onSuccess: () => {
        toast.success(t("members.removed", { name: m.name }));
        setRemoving(null);
      },
    });
  }

  return (
    <Card>
      <CardHeader className="flex-col gap-4 border-b border-border sm:flex-row sm:items-center sm:justify-between">
        <div className="grid gap-1">
          <CardTitle>{t("members.title")}</CardTitle>
          <CardDescription>{t("members.description")}</CardDescription>
        </div>
        {admin && (
          <Button onClick={() => setAdding(true)}>
            <UserPlus aria-hidden />
            {t("members.add")}
          </Button>
        )}
      </CardHeader>

      {members.isPending ? (
        <TableSkeleton />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <EmptyState icon={Users} title={t("members.empty")} />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("members.name")}</TableHead>
              <TableHead>{t("members.role")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("members.joined")}</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">{t("common.actions")}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.data.map((m) => {
              const self = m.user_id === me.principal.user_id;
              return (
                <TableRow key={m.user_id} data-testid={`member-${m.email}`}>
                  <TableCell>
                    <div className="flex items-center gap-3">
                      <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground">
                        {initials(m.name || m.email)}
                      </span>
                      <div className="grid min-w-0">
                        <span className="flex items-center gap-2 truncate font-medium">
                          {m.name}
                          {self && <Badge variant="outline">{t("common.you")}</Badge>}
                        </span>
                        <span className="truncate text-xs text-muted-foreground">{m.email}</span>
                      </div>
                    </div>
                  </TableCell>
                  <TableCell>
                    {admin && !self ? (
                      <RoleSelect
                        value={m.role}
                        onValueChange={(r) => changeRole(m, r)}
                        className="w-40"
                        aria-label={t("members.changeRole", { name: m.name })}
                        disabled={setRole.isPending && setRole.variables?.userId === m.user_id}
                      />
                    ) : (
                      <RoleBadge role={m.role} />
                    )}
                  </TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">{formatDate(m.created_at)}</TableCell>
                  <TableCell className="text-right">
                    {admin && !self && (
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        className="text-muted-foreground hover:text-destructive"
                        aria-label={`${t("common.remove")} ${m.name}`}
                        onClick={() => setRemoving(m)}
                      >
                        <Trash2 />
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      <AddMemberDialog open={adding} onOpenChange={setAdding} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={t("members.removeTitle", { name: removing?.name ?? "" })}
        body={t("members.removeBody")}
        confirmLabel={t("common.remove")}
        onConfirm={confirmRemove}
        pending={remove.isPending}
      />
    </Card>
  );
}
