import { useTranslation } from "react-i18next";
import { ROLES, type Role } from "@/api/types";
import { Badge } from "@/components/ui/badge";

const variant = { owner: "violet", admin: "default", agent: "success", viewer: "secondary" } as const;

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}

/** useRoleLabel names a role in the UI language (unknown roles as they are). */
export function useRoleLabel() {
  const { t } = useTranslation();
  return (role: string) => (isRole(role) ? t(`header.role.${role}`) : role);
}

export function RoleBadge({ role }: { role: string }) {
  const label = useRoleLabel();
  return <Badge variant={isRole(role) ? variant[role] : "outline"}>{label(role)}</Badge>;
}
