import { Building2, ChevronsUpDown, Plus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRoleLabel } from "@/components/common/RoleBadge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toast";
import { useSession, useSwitchTenant } from "@/features/session";
import { shortId, tenantName } from "@/features/tenantNames";
import { CreateWorkspaceDialog } from "./CreateWorkspaceDialog";

/** TenantSwitcher shows the current workspace and moves the session to another. */
export function TenantSwitcher() {
  const { t } = useTranslation();
  const me = useSession();
  const roleLabel = useRoleLabel();
  const switchTenant = useSwitchTenant();
  const [creating, setCreating] = useState(false);
  const memberships = me.tenants ?? [];
  const nameOf = (id: string) =>
    id === me.tenant.id ? me.tenant.name : (tenantName(id) ?? t("workspace.unnamed", { id: shortId(id) }));

  function choose(id: string) {
    if (id === me.tenant.id) return;
    switchTenant.mutate(id, { onSuccess: () => toast.success(t("header.switched", { name: nameOf(id) })) });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex min-w-0 items-center gap-2 rounded-md px-2 py-1.5 text-left transition-colors hover:bg-muted data-[state=open]:bg-muted"
          aria-label={t("header.workspaces")}
          data-testid="tenant-switcher"
        >
          <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-accent text-primary">
            <Building2 className="size-4" aria-hidden />
          </span>
          <span className="grid min-w-0 leading-tight">
            <span className="hidden text-[11px] text-muted-foreground sm:block">{t("header.workspace")}</span>
            <span className="truncate text-sm font-semibold" data-testid="current-tenant">
              {me.tenant.name}
            </span>
          </span>
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-72">
          <DropdownMenuLabel>{t("header.workspaces")}</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={me.tenant.id} onValueChange={choose}>
            {memberships.map((m) => (
              <DropdownMenuRadioItem key={m.tenant_id} value={m.tenant_id} disabled={switchTenant.isPending}>
                <span className="flex min-w-0 flex-1 flex-col">
                  <span className="truncate">{nameOf(m.tenant_id)}</span>
                  <span className="text-xs text-muted-foreground">{roleLabel(m.role)}</span>
                </span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden />
            {t("header.newWorkspace")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
