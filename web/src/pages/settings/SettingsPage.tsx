import { KeyRound, LockKeyhole, Users, Webhook } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { SettingsTab } from "@/app/routes";
import { Link } from "@/app/router";
import { PageHeader } from "@/components/common/PageHeader";
import { cn } from "@/lib/utils";
import { APIKeysPanel } from "./APIKeysPanel";
import { MembersPanel } from "./MembersPanel";
import { SecretsPanel } from "./SecretsPanel";
import { WebhooksPanel } from "./WebhooksPanel";

const TABS = [
  { id: "members", label: "settings.tabs.members", icon: Users },
  { id: "api-keys", label: "settings.tabs.apiKeys", icon: KeyRound },
  { id: "secrets", label: "settings.tabs.secrets", icon: LockKeyhole },
  { id: "webhooks", label: "settings.tabs.webhooks", icon: Webhook },
] as const;

export default function SettingsPage({ tab }: { tab: SettingsTab }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-6">
      <PageHeader title={t("settings.title")} description={t("settings.subtitle")} />
      <nav className="overflow-x-auto" aria-label={t("settings.title")}>
        <ul className="flex w-full gap-1 rounded-lg border border-border bg-card p-1 shadow-xs sm:w-max">
          {TABS.map((item) => {
            const active = item.id === tab;
            const Icon = item.icon;
            return (
              <li key={item.id} className="flex-1 sm:flex-none">
                <Link
                  to={`/settings/${item.id}`}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "flex items-center justify-center gap-2 whitespace-nowrap rounded-md px-2 py-1.5 text-[13px] font-medium transition-colors sm:px-3 sm:text-sm",
                    active ? "bg-primary text-primary-foreground shadow-sm" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                  )}
                >
                  <Icon className="hidden size-4 sm:block" aria-hidden />
                  {t(item.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {tab === "members" && <MembersPanel />}
      {tab === "api-keys" && <APIKeysPanel />}
      {tab === "secrets" && <SecretsPanel />}
      {tab === "webhooks" && <WebhooksPanel />}
    </div>
  );
}
