import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useUpdateCard, type Card } from "@/features/kanban";
import { useMembers } from "@/features/members";
import { cardPatch, draftOf, type CardDraft } from "./cardDraft";
import { fieldErrors } from "@/features/queryClient";

/** CardForm edits a card's title, value, owner and due date; only what changed is sent. */
export function CardForm({ card }: { card: Card }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateCard(card.board_id);
  const members = useMembers();
  const [draft, setDraft] = useState<CardDraft>(() => draftOf(card, i18n.language));
  const [tried, setTried] = useState(false);
  const { patch, bad } = cardPatch(card, draft);
  const server = fieldErrors(update.error);
  const changed = Object.keys(patch).length > 0;
  const set = (k: keyof CardDraft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const problem = (k: keyof CardDraft, serverKey: string) =>
    (tried && bad[k] ? t(`kanbanPage.drawer.bad.${bad[k]}`) : undefined) ?? server[serverKey];

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (Object.keys(bad).length > 0 || !changed) return;
    update.mutate({ id: card.id, patch }, { onSuccess: () => toast.success(t("kanbanPage.drawer.saved")) });
  }

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate data-testid="card-form">
      <Field label={t("kanbanPage.cardTitle")} error={problem("title", "title")}>
        <Input value={draft.title} onChange={(e) => set("title")(e.target.value)} maxLength={200} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("kanbanPage.value")} error={problem("value", "value_cents")}>
          <Input value={draft.value} onChange={(e) => set("value")(e.target.value)} inputMode="decimal" />
        </Field>
        <Field label={t("kanbanPage.drawer.due")} error={server.due_at}>
          <Input type="date" value={draft.due} onChange={(e) => set("due")(e.target.value)} />
        </Field>
      </div>
      <Field label={t("kanbanPage.drawer.owner")} error={server.owner_id}>
        <select
          className="flex h-9 w-full rounded-md border border-input bg-card px-3 text-sm shadow-xs"
          value={draft.owner}
          onChange={(e) => set("owner")(e.target.value)}
        >
          <option value="">{t("kanbanPage.drawer.noOwner")}</option>
          {draft.owner && !members.data?.some((m) => m.user_id === draft.owner) && <option value={draft.owner}>{draft.owner}</option>}
          {members.data?.map((m) => (
            <option key={m.user_id} value={m.user_id}>
              {m.name || m.email}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex justify-end">
        <Button type="submit" size="sm" loading={update.isPending} disabled={!changed && Object.keys(bad).length === 0}>
          {t("kanbanPage.drawer.save")}
        </Button>
      </div>
    </form>
  );
}
