import { Menu } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { Dialog, DialogDescription, DialogTitle, SheetContent } from "@/components/ui/dialog";
import { LanguageMenu } from "./LanguageMenu";
import { SidebarNav } from "./SidebarNav";
import { TenantSwitcher } from "./TenantSwitcher";
import { UserMenu } from "./UserMenu";

/**
 * AppShell: a fixed sidebar on wide screens; on phones the sidebar folds
 * into a drawer opened from the header's menu button.
 */
export function AppShell({ children, fullBleed = false }: { children: ReactNode; fullBleed?: boolean }) {
  const { t } = useTranslation();
  const [drawer, setDrawer] = useState(false);
  return (
    <div className="min-h-dvh bg-background">
      <aside className={cn("fixed inset-y-0 left-0 z-30 hidden flex-col bg-sidebar lg:flex", fullBleed ? "w-16" : "w-64")} aria-label={t("nav.main")}>
        <SidebarNav compact={fullBleed} />
      </aside>

      <Dialog open={drawer} onOpenChange={setDrawer}>
        <SheetContent className="bg-sidebar" aria-describedby={undefined}>
          <DialogTitle className="sr-only">{t("nav.main")}</DialogTitle>
          <DialogDescription className="sr-only">{t("app.tagline")}</DialogDescription>
          <SidebarNav onNavigate={() => setDrawer(false)} onClose={() => setDrawer(false)} />
        </SheetContent>
      </Dialog>

      <div className={cn("flex min-h-dvh flex-col", fullBleed ? "lg:pl-16" : "lg:pl-64")}>
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-border bg-card/90 px-3 backdrop-blur supports-[backdrop-filter]:bg-card/75 sm:px-6">
          <Button variant="ghost" size="icon" className="lg:hidden" onClick={() => setDrawer(true)} aria-label={t("nav.openMenu")}>
            <Menu className="!size-5" />
          </Button>
          <TenantSwitcher />
          <div className="ml-auto flex items-center gap-1">
            <LanguageMenu />
            <UserMenu />
          </div>
        </header>
        <main className={fullBleed ? "w-full min-w-0 flex-1" : "mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 lg:px-8 lg:py-8"}>{children}</main>
      </div>
    </div>
  );
}
