import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { request, type Schemas } from "@/api/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useCreateCard } from "@/features/kanban";
import { cn } from "@/lib/utils";
import { fieldErrors } from "@/features/queryClient";

/** NewCardDialog creates a card for a contact at the end of a stage. */
export function NewCardDialog({ boardId, stage, onClose }: { boardId: string; stage: Schemas["Stage"] | null; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateCard(boardId);
  const [title, setTitle] = useState("");
  const [value, setValue] = useState("");
  const [q, setQ] = useState("");
  const [contactId, setContactId] = useState("");
  const contacts = useQuery({
    queryKey: ["contacts", "search", q],
    enabled: !!stage,
    queryFn: ({ signal }) => request("get", "/api/v1/contacts", { query: { q, limit: 6 }, signal }),
    select: (r) => r.items,
  });
  const fields = fieldErrors(create.error);

  function close() {
    setTitle("");
    setValue("");
    setQ("");
    setContactId("");
    create.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!stage) return;
    const cents = Math.round(Number(value.replace(",", ".") || "0") * 100);
    create.mutate(
      { stage_id: stage.id, contact_id: contactId, title: title.trim(), value_cents: Number.isFinite(cents) ? cents : 0, currency: "BRL" },
      {
        onSuccess: () => {
          toast.success(t("kanbanPage.cardCreated"));
          close();
        },
      },
    );
  }

  return (
    <Dialog open={!!stage} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{t("kanbanPage.newCardTitle", { stage: stage?.name ?? "" })}</DialogTitle>
            <DialogDescription>{t("kanbanPage.description")}</DialogDescription>
          </DialogHeader>
          <Field label={t("kanbanPage.cardTitle")} error={fields.title}>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t("kanbanPage.cardTitlePlaceholder")} autoFocus />
          </Field>
          <Field label={t("kanbanPage.value")} error={fields.value_cents}>
            <Input value={value} onChange={(e) => setValue(e.target.value)} inputMode="decimal" placeholder="0,00" />
          </Field>
          <Field label={t("kanbanPage.contact")} error={fields.contact_id}>
            <Input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("kanbanPage.contactSearch")} />
          </Field>
          <div className="grid max-h-48 gap-1 overflow-y-auto" role="listbox" aria-label={t("kanbanPage.contact")}>
            {contacts.data?.length === 0 && <p className="text-sm text-muted-foreground">{t("kanbanPage.noContacts")}</p>}
            {contacts.data?.map((c) => (
              <button
                type="button"
                key={c.id}
                role="option"
                aria-selected={contactId === c.id}
                onClick={() => setContactId(c.id)}
                className={cn(
                  "flex items-center justify-between rounded-md border px-3 py-2 text-left text-sm hover:bg-muted",
                  contactId === c.id ? "border-primary bg-primary/5" : "border-border",
                )}
              >
                <span className="font-medium">{c.name || c.phone}</span>
                <span className="text-xs text-muted-foreground">{c.phone}</span>
              </button>
            ))}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!contactId}>
              {t("common.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
