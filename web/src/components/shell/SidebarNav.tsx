import { X } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, isActive, usePathname } from "@/app/router";
import { SECTIONS } from "@/app/sections";
import { Logo } from "@/components/common/Logo";
import { cn } from "@/lib/utils";

/** SidebarNav lists the sections; not-yet-built ones carry a "coming soon" tag. */
export function SidebarNav({ onNavigate, onClose, compact = false }: { onNavigate?: () => void; onClose?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  return (
    <div className="flex h-full flex-col text-sidebar-foreground">
      <div className={cn("flex h-14 items-center gap-2.5 border-b border-sidebar-border", compact ? "justify-center px-2" : "px-5")}>
        <Logo className="size-7" />
        <span className={cn("text-[15px] font-semibold tracking-tight text-white", compact && "sr-only")}>{t("app.name")}</span>
        {onClose && (
          <button
            type="button"
            onClick={onClose}
            className="ml-auto rounded-md p-1.5 text-sidebar-muted hover:bg-sidebar-accent hover:text-white"
            aria-label={t("nav.closeMenu")}
          >
            <X className="size-4" />
          </button>
        )}
      </div>
      <nav className={cn("flex-1 overflow-y-auto py-4", compact ? "px-2" : "px-3")} aria-label={t("nav.main")}>
        <ul className="grid gap-0.5">
          {SECTIONS.map((s) => {
            const active = isActive(pathname, s.path);
            const Icon = s.icon;
            return (
              <li key={s.id} className={cn(s.id === "settings" && "mt-4 border-t border-sidebar-border pt-4")}>
                <Link
                  to={s.path}
                  onClick={onNavigate}
                  aria-current={active ? "page" : undefined}
                  title={compact ? t(`nav.${s.id}`) : undefined}
                  className={cn(
                    "group flex items-center gap-3 rounded-md py-2 text-sm font-medium transition-colors",
                    compact ? "justify-center px-2" : "px-3",
                    active ? "bg-sidebar-accent text-sidebar-active" : "text-sidebar-foreground hover:bg-sidebar-accent/60 hover:text-white",
                  )}
                >
                  <Icon
                    className={cn("size-[18px] shrink-0", active ? "text-emerald-400" : "text-sidebar-muted group-hover:text-sidebar-foreground")}
                    aria-hidden
                  />
                  <span className={cn("flex-1", compact && "sr-only")}>{t(`nav.${s.id}`)}</span>
                  {!s.ready && !compact && (
                    <span className="rounded-full border border-sidebar-border px-1.5 py-px text-[10px] font-medium uppercase tracking-wide text-sidebar-muted">
                      {t("common.comingSoon")}
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {!compact && <div className="border-t border-sidebar-border px-5 py-4 text-xs text-sidebar-muted">{t("app.tagline")}</div>}
    </div>
  );
}
