import { useTranslation } from "react-i18next";
import { ROLES } from "@/api/types";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useRoleLabel } from "./RoleBadge";

type Props = {
  value: string;
  onValueChange: (role: string) => void;
  id?: string;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

/** RoleSelect picks one of the four roles, each with what it may do. */
export function RoleSelect({ value, onValueChange, className, disabled, ...aria }: Props) {
  const { t } = useTranslation();
  const label = useRoleLabel();
  return (
    <Select value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectTrigger className={className} {...aria}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent className="min-w-[15rem]">
        {ROLES.map((r) => (
          <SelectItem key={r} value={r} description={t(`members.roleHelp.${r}`)}>
            {label(r)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
