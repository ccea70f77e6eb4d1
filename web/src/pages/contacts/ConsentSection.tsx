import { ChevronDown } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState, Spinner } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { useConnections } from "@/features/connections";
import {
  blockers,
  consentScopes,
  customersOwn,
  effectiveConsent,
  liftsFor,
  sourceKind,
  useConsents,
  useRecordConsent,
  type Consent,
  type ConsentStatus,
  type Effective,
} from "@/features/consents";
import { useMembers } from "@/features/members";
import { channelOf, usePlugins } from "@/features/plugins";
import { formatDayTime } from "@/lib/format";
import { cn } from "@/lib/utils";

/**
 * ConsentSection shows, per channel the workspace uses, whether the contact
 * receives its messages and the record that decides it, lets an agent
 * record an opt-out or (after a confirmation) an opt-in, and lists every
 * record under a fold.
 */
export function ConsentSection({ contactID, canEdit }: { contactID: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const consents = useConsents(contactID);
  const used = useUsedChannels();
  const words = useConsentWords();
  const record = useRecordConsent(contactID);
  const [pending, setPending] = useState("");
  const [asking, setAsking] = useState<Effective | null>(null);
  const [open, setOpen] = useState(false);

  if (consents.isPending || used === undefined) return <Spinner />;
  if (consents.isError) return <ErrorState error={consents.error} onRetry={() => void consents.refetch()} />;
  const records = consents.data;
  const rows = consentScopes(records, used).map((scope) => effectiveConsent(records, scope));

  function save(scope: string, channels: string[], status: ConsentStatus) {
    setPending(scope);
    record.mutate(
      { channels, status },
      {
        onSuccess: () => {
          const channel = words.channel(scope);
          toast.success(scope === "all" ? t("contactsPage.consent.stoppedAll") : t(status === "opt_out" ? "contactsPage.consent.stopped" : "contactsPage.consent.resumed", { channel }));
          setAsking(null);
        },
        onSettled: () => setPending(""),
      },
    );
  }

  return (
    <section className="grid min-w-0 gap-2" data-testid="contact-consent">
      <h3 className="text-sm font-semibold">{t("contactsPage.consent.title")}</h3>
      <ul className="grid divide-y divide-border rounded-md border border-border">
        {rows.map((e) => (
          <ConsentRow key={e.scope} e={e} words={words} canEdit={canEdit} pending={pending === e.scope} onStop={() => save(e.scope, [e.scope], "opt_out")} onResume={() => setAsking(e)} />
        ))}
      </ul>
      {canEdit && rows.some((e) => e.reachable) && (
        <Button variant="link" size="sm" className="h-auto justify-self-start p-0 text-xs text-destructive" loading={pending === "all"} onClick={() => save("all", ["all"], "opt_out")}>
          {t("contactsPage.consent.stopAll")}
        </Button>
      )}
      {records.length > 0 && (
        <div className="grid min-w-0 gap-1">
          <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="inline-flex items-center gap-1 justify-self-start text-xs font-medium text-muted-foreground hover:text-foreground">
            <ChevronDown className={cn("size-3.5 transition-transform", open && "rotate-180")} aria-hidden />
            {t("contactsPage.consent.history", { count: records.length })}
          </button>
          {open && <History records={records} words={words} />}
        </div>
      )}
      {asking && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setAsking(null)}
          title={t("contactsPage.consent.confirmTitle", { channel: words.channel(asking.scope) })}
          body={confirmBody(asking, records, words)}
          confirmLabel={t("contactsPage.consent.confirm")}
          pending={pending === asking.scope}
          onConfirm={() => save(asking.scope, liftsFor(records, asking.scope), "opt_in")}
        />
      )}
    </section>
  );
}

function ConsentRow({ e, words, canEdit, pending, onStop, onResume }: { e: Effective; words: ConsentWords; canEdit: boolean; pending: boolean; onStop: () => void; onResume: () => void }) {
  const { t } = useTranslation();
  const channel = words.channel(e.scope);
  const marketingOnly = !e.reachable && e.scope.endsWith(":marketing") && e.decides?.channel === e.scope;
  return (
    <li className="grid min-w-0 gap-0.5 px-3 py-2" data-testid={`consent-${e.scope}`}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="text-sm font-medium wrap-anywhere">{channel}</span>
        <Badge variant={e.reachable ? "success" : "destructive"} data-testid="consent-state">
          {e.reachable ? t("contactsPage.consent.receives") : t("contactsPage.consent.blocked")}
        </Badge>
        {canEdit && (
          <Button
            size="sm"
            variant="ghost"
            className="ml-auto h-7 px-2"
            loading={pending}
            aria-label={e.reachable ? t("contactsPage.consent.stopOn", { channel }) : t("contactsPage.consent.resumeOn", { channel })}
            onClick={e.reachable ? onStop : onResume}
          >
            {e.reachable ? t("contactsPage.consent.stop") : t("contactsPage.consent.resume")}
          </Button>
        )}
      </div>
      <p className="text-xs wrap-anywhere text-muted-foreground" data-testid="consent-reason">
        {e.decides ? words.line(e.decides, e.scope) : t("contactsPage.consent.noRecord")}
      </p>
      {marketingOnly && <p className="text-xs text-muted-foreground">{t("contactsPage.consent.channels.whatsappMarketingHint")}</p>}
    </li>
  );
}

function History({ records, words }: { records: Consent[]; words: ConsentWords }) {
  const { t } = useTranslation();
  return (
    <ol className="grid min-w-0 gap-1.5 border-l border-border pl-3" data-testid="consent-history">
      {records.map((r) => (
        <li key={r.id} className="text-xs wrap-anywhere">
          <span className="font-medium">
            {t("contactsPage.consent.historyItem", {
              channel: words.channel(r.channel),
              status: r.status === "opt_out" ? t("contactsPage.consent.blocked") : t("contactsPage.consent.receives"),
            })}
          </span>{" "}
          <span className="text-muted-foreground">{t("contactsPage.consent.when", { reason: words.reason(r), time: formatDayTime(r.created_at) })}</span>
        </li>
      ))}
    </ol>
  );
}

function confirmBody(e: Effective, records: Consent[], words: ConsentWords): string {
  const lifts = liftsFor(records, e.scope);
  const own = blockers(records, e.scope).find(customersOwn);
  const first = own ? words.t("contactsPage.consent.confirmOwn", { reason: words.reason(own), time: formatDayTime(own.created_at) }) : words.t("contactsPage.consent.confirmOther");
  const broader = lifts.filter((ch) => ch !== e.scope).map((ch) => (ch === "all" ? words.t("contactsPage.consent.confirmAll") : words.t("contactsPage.consent.confirmChannel", { channel: words.channel(ch) })));
  return [first, ...broader].join(" ");
}

/** useUsedChannels is the channels the workspace has connections of; undefined while they load (none when they cannot be read). */
function useUsedChannels(): string[] | undefined {
  const connections = useConnections();
  const plugins = usePlugins();
  if (connections.isPending || plugins.isPending) return undefined;
  const out = (connections.data ?? []).map((c) => channelOf(plugins.data?.find((p) => p.manifest.id === c.plugin_id)));
  return [...new Set(out.filter((c): c is string => !!c))];
}

type ConsentWords = ReturnType<typeof useConsentWords>;

/** useConsentWords words channels and the reason of a record in the UI language; an agent is named when a member. */
function useConsentWords() {
  const { t } = useTranslation();
  const members = useMembers();
  const channel = (ch: string): string => {
    switch (ch) {
      case "whatsapp":
        return t("contactsPage.consent.channels.whatsapp");
      case "whatsapp:marketing":
        return t("contactsPage.consent.channels.whatsappMarketing");
      case "sms":
        return t("contactsPage.consent.channels.sms");
      case "email":
        return t("contactsPage.consent.channels.email");
      case "voice":
        return t("contactsPage.consent.channels.voice");
      case "all":
        return t("contactsPage.consent.channels.all");
    }
    return ch;
  };
  const reason = (c: Consent): string => {
    const k = sourceKind(c);
    switch (k.kind) {
      case "keyword":
        return t(c.status === "opt_in" ? "contactsPage.consent.sources.keywordIn" : "contactsPage.consent.sources.keywordOut", { word: k.word });
      case "button":
        return t("contactsPage.consent.sources.button", { label: k.label });
      case "meta131050":
        return t("contactsPage.consent.sources.meta131050");
      case "agent": {
        const name = members.data?.find((m) => m.user_id === k.userID)?.name;
        return name ? t("contactsPage.consent.sources.agentNamed", { name }) : t("contactsPage.consent.sources.agent");
      }
      case "apiKey":
        return t("contactsPage.consent.sources.apiKey");
      case "system":
        return t("contactsPage.consent.sources.system");
      case "import":
        return t("contactsPage.consent.sources.import");
      case "form":
        return t("contactsPage.consent.sources.form", { name: k.name });
    }
    return k.text;
  };
  /** line is a row's reason: the deciding record's, named by its channel when broader than the row's. */
  const line = (c: Consent, scope: string): string => {
    const r = c.channel === scope ? reason(c) : t("contactsPage.consent.via", { channel: channel(c.channel), reason: reason(c) });
    return t("contactsPage.consent.when", { reason: r, time: formatDayTime(c.created_at) });
  };
  return { t, channel, reason, line };
}
