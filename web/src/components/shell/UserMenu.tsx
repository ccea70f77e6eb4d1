import { LogOut } from "lucide-react";
import { useTranslation } from "react-i18next";
import { navigate } from "@/app/router";
import { RoleBadge } from "@/components/common/RoleBadge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toast";
import { useLogout, useSession } from "@/features/session";
import { initials } from "@/lib/utils";

export function UserMenu() {
  const { t } = useTranslation();
  const me = useSession();
  const logout = useLogout();
  const name = me.user?.name || me.user?.email || "API";
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex items-center gap-2 rounded-full p-0.5 pr-0.5 transition-colors hover:bg-muted sm:pr-3"
        aria-label={t("header.account")}
      >
        <span className="flex size-8 items-center justify-center rounded-full bg-gradient-to-br from-emerald-500 to-teal-700 text-xs font-semibold text-white">
          {initials(name)}
        </span>
        <span className="hidden max-w-32 truncate text-sm font-medium sm:inline">{name}</span>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <div className="grid gap-1 px-2 py-2">
          <span className="truncate text-sm font-medium">{name}</span>
          {me.user?.email && <span className="truncate text-xs text-muted-foreground">{me.user.email}</span>}
          <span>
            <RoleBadge role={me.principal.role} />
          </span>
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="sr-only">{t("header.account")}</DropdownMenuLabel>
        <DropdownMenuItem
          onSelect={() =>
            logout.mutate(undefined, {
              onSettled: () => {
                toast.clear();
                navigate("/login", { replace: true });
              },
            })
          }
        >
          <LogOut aria-hidden />
          {t("header.logout")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
