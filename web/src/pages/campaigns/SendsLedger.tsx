import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useSends, type Send } from "@/features/campaigns";
import { sendNote } from "@/features/sendNote";
import { useContactsByID } from "@/features/kanban";
import { formatDateTime } from "@/lib/format";

/** The ledger's statuses, as the API filters them. */
export const SEND_STATUSES = ["queued", "sent", "delivered", "read", "failed", "suppressed", "ambiguous", "cancelled"] as const;

const tone = (s: string) =>
  s === "failed" ? "destructive" : s === "read" || s === "delivered" ? "success" : s === "queued" ? "outline" : "secondary";

/**
 * SendsLedger lists a campaign's sends, one row per recipient and step, with their status, filterable by status.
 * The step column names a flow campaign's steps; a message campaign has one step ("send") for every row, so
 * it shows only when a recurring campaign's rows come from several rounds, and then names the round.
 */
export function SendsLedger({ campaignId, status, flow }: { campaignId: string; status: string | undefined; flow: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const sends = useSends(campaignId, filter, status);
  const rows = sends.data?.pages.flatMap((p) => p.items) ?? [];
  const contacts = useContactsByID(rows.map((r) => r.contact_id));
  const showStep = flow || rows.some((r) => r.round > 1);
  const label = (s: string) => ((SEND_STATUSES as readonly string[]).includes(s) ? t(`campaignsPage.sends.statuses.${s as (typeof SEND_STATUSES)[number]}`) : s);

  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between gap-2">
        <CardTitle>{t("campaignsPage.sends.title")}</CardTitle>
        <select
          aria-label={t("campaignsPage.sends.filter")}
          className="flex h-8 rounded-md border border-input bg-card px-2 text-sm shadow-xs"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        >
          <option value="">{t("campaignsPage.sends.all")}</option>
          {SEND_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </CardHeader>
      <CardContent className="grid gap-3">
        {sends.isPending ? (
          <Skeleton className="h-32" />
        ) : sends.isError ? (
          <ErrorState error={sends.error} onRetry={() => void sends.refetch()} />
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">{filter ? t("campaignsPage.sends.none") : t("campaignsPage.detail.noSends")}</p>
        ) : (
          <Table data-testid="sends-ledger">
            <TableHeader>
              <TableRow>
                <TableHead>{t("campaignsPage.sends.contact")}</TableHead>
                {showStep && <TableHead>{flow ? t("campaignsPage.sends.step") : t("campaignsPage.sends.roundHeader")}</TableHead>}
                <TableHead>{t("campaignsPage.sends.status")}</TableHead>
                <TableHead>{t("campaignsPage.sends.updated")}</TableHead>
                <TableHead>{t("campaignsPage.sends.error")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <SendRow key={r.id} send={r} name={contacts.get(r.contact_id)?.name} label={label(r.status)} step={showStep ? stepText(t, r, flow) : undefined} />
              ))}
            </TableBody>
          </Table>
        )}
        {sends.hasNextPage && (
          <Button variant="outline" size="sm" className="justify-self-center" loading={sends.isFetchingNextPage} onClick={() => void sends.fetchNextPage()}>
            {t("campaignsPage.sends.more")}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

/** stepText is a row's step (a flow's) and its round when the campaign recurs. */
function stepText(t: TFunction, r: Send, flow: boolean): string {
  const round = r.round > 1 ? t("campaignsPage.sends.round", { round: r.round }) : "";
  if (!flow) return round;
  return round ? `${r.step} · ${round}` : r.step;
}

function SendRow({ send: r, name, label, step }: { send: Send; name?: string; label: string; step?: string }) {
  const { t } = useTranslation();
  return (
    <TableRow data-testid={`send-${r.address}`}>
      <TableCell>
        <p className="font-medium">{name || r.address}</p>
        {name && <p className="text-xs text-muted-foreground">{r.address}</p>}
      </TableCell>
      {step !== undefined && <TableCell className="text-xs">{step}</TableCell>}
      <TableCell>
        <div className="flex flex-wrap gap-1">
          <Badge variant={tone(r.status)} data-testid="send-status">{label}</Badge>
          {r.replied_at && <Badge variant="success">{t("campaignsPage.sends.replied")}</Badge>}
        </div>
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs text-muted-foreground">{formatDateTime(r.updated_at)}</TableCell>
      <SendNote send={r} />
    </TableRow>
  );
}

/** SendNote is why a queued send waits (muted), or the error of its last attempt. */
function SendNote({ send }: { send: Send }) {
  const note = sendNote(send);
  return (
    <TableCell className={note.waiting || note.held ? "text-xs text-muted-foreground" : "text-xs text-destructive"} data-testid="send-note" data-held={note.held || undefined} title={note.detail}>
      {note.text}
    </TableCell>
  );
}
