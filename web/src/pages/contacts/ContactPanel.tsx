import { Plus, Trash2, X } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ErrorState, Spinner } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { useContact, useDeleteContact, useFieldDefs, useTagContact, useUpdateContact, type Contact, type FieldDef } from "@/features/contacts";
import { errorDetail, errorTitle, fieldErrors } from "@/features/queryClient";
import { formatDateTime } from "@/lib/format";
import { SidePanel } from "@/pages/kanban/SidePanel";
import { ConsentSection } from "./ConsentSection";

/** ContactPanel shows one contact beside the list: addresses, consent per channel, tags and custom fields. */
export function ContactPanel({ id, onClose, canEdit }: { id: string | undefined; onClose: () => void; canEdit: boolean }) {
  const { t } = useTranslation();
  const contact = useContact(id);
  const c = contact.data;
  return (
    <SidePanel open={!!id} onOpenChange={(o) => !o && onClose()} title={c?.name || c?.phone || t("contactsPage.detail.title")} description={c?.phone}>
      {contact.isPending ? (
        <Spinner className="py-8" />
      ) : contact.isError ? (
        <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />
      ) : (
        <ContactBody c={contact.data} canEdit={canEdit} onDeleted={onClose} />
      )}
    </SidePanel>
  );
}

function ContactBody({ c, canEdit, onDeleted }: { c: Contact; canEdit: boolean; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState(false);
  const del = useDeleteContact();
  return (
    <div className="grid gap-6" data-testid="contact-panel">
      <dl className="grid grid-cols-2 gap-3 text-sm">
        {[
          [t("contactsPage.phone"), c.phone],
          [t("contactsPage.detail.whatsapp"), c.whatsapp_id],
          [t("contactsPage.email"), c.email],
          [t("contactsPage.created"), formatDateTime(c.created_at)],
        ].map(([k, v]) => (
          <div key={k} className="min-w-0">
            <dt className="text-xs text-muted-foreground">{k}</dt>
            <dd className="truncate">{v || "—"}</dd>
          </div>
        ))}
      </dl>
      <ConsentSection contactID={c.id} canEdit={canEdit} />
      <Tags c={c} canEdit={canEdit} />
      <CustomFields c={c} canEdit={canEdit} />
      {canEdit && (
        <Button variant="outline" className="justify-self-start text-destructive" onClick={() => setDeleting(true)}>
          <Trash2 aria-hidden />
          {t("contactsPage.detail.delete")}
        </Button>
      )}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("contactsPage.detail.deleteTitle", { name: c.name || c.phone })}
        body={t("contactsPage.detail.deleteBody")}
        confirmLabel={t("common.delete")}
        pending={del.isPending}
        onConfirm={() =>
          del.mutate(c.id, {
            onSuccess: () => {
              toast.success(t("contactsPage.deleted"));
              setDeleting(false);
              onDeleted();
            },
          })
        }
      />
    </div>
  );
}

function Tags({ c, canEdit }: { c: Contact; canEdit: boolean }) {
  const { t } = useTranslation();
  const tag = useTagContact(c.id);
  const [text, setText] = useState("");
  function add(e: FormEvent) {
    e.preventDefault();
    const v = text.trim();
    if (!v) return;
    tag.mutate({ tag: v, add: true }, { onSuccess: () => setText("") });
  }
  return (
    <section className="grid gap-2">
      <h3 className="text-sm font-semibold">{t("contactsPage.tags")}</h3>
      <div className="flex flex-wrap gap-1" data-testid="contact-tags">
        {c.tags.length === 0 && <span className="text-sm text-muted-foreground">{t("contactsPage.detail.noTags")}</span>}
        {c.tags.map((tg) => (
          <Badge key={tg} variant="secondary" className="pr-1">
            {tg}
            {canEdit && (
              <button type="button" className="rounded p-0.5 hover:bg-slate-200" aria-label={`${t("common.remove")} ${tg}`} onClick={() => tag.mutate({ tag: tg, add: false })}>
                <X className="size-3" />
              </button>
            )}
          </Badge>
        ))}
      </div>
      {canEdit && (
        <form onSubmit={add} className="flex gap-2">
          <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t("contactsPage.detail.tagPlaceholder")} aria-label={t("contactsPage.detail.addTag")} className="h-8" />
          <Button type="submit" size="sm" variant="outline" loading={tag.isPending}>
            <Plus aria-hidden />
            {t("contactsPage.detail.addTag")}
          </Button>
        </form>
      )}
    </section>
  );
}

function CustomFields({ c, canEdit }: { c: Contact; canEdit: boolean }) {
  const { t } = useTranslation();
  const defs = useFieldDefs();
  const update = useUpdateContact(c.id);
  const [values, setValues] = useState<Record<string, string>>({});
  const server = fieldErrors(update.error);
  useEffect(() => {
    setValues(Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)])));
  }, [c]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const out: Record<string, unknown> = {};
    for (const d of defs.data ?? []) {
      const raw = (values[d.key] ?? "").trim();
      const had = c.fields[d.key] !== undefined;
      if (raw === "") {
        if (had) out[d.key] = null; // cleared
        continue;
      }
      out[d.key] = d.type === "number" ? Number(raw) : d.type === "boolean" ? raw === "true" : raw;
    }
    update.mutate(
      { fields: out },
      { onSuccess: () => toast.success(t("contactsPage.saved")), onError: (err) => toast.error(errorTitle(err), errorDetail(err)) },
    );
  }

  if (defs.isPending) return <Spinner />;
  return (
    <section className="grid gap-2">
      <h3 className="text-sm font-semibold">{t("contactsPage.detail.customFields")}</h3>
      {defs.data?.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("contactsPage.detail.noFields")}</p>
      ) : (
        <form onSubmit={submit} className="grid gap-3" noValidate>
          {defs.data?.map((d) => (
            <Field key={d.id} label={d.label} error={server[`fields.${d.key}`]}>
              <FieldInput def={d} value={values[d.key] ?? ""} disabled={!canEdit} onChange={(v) => setValues((x) => ({ ...x, [d.key]: v }))} />
            </Field>
          ))}
          {canEdit && (
            <Button type="submit" size="sm" loading={update.isPending} className="justify-self-start">
              {t("contactsPage.detail.save")}
            </Button>
          )}
        </form>
      )}
    </section>
  );
}

function FieldInput({ def, value, onChange, disabled, ...rest }: { def: FieldDef; value: string; onChange: (v: string) => void; disabled: boolean; id?: string }) {
  const { t } = useTranslation();
  const cls = "flex h-9 w-full rounded-md border border-input bg-card px-3 text-sm shadow-xs";
  if (def.type === "select" || def.type === "boolean") {
    const opts = def.type === "boolean" ? [["true", t("contactsPage.detail.yes")], ["false", t("contactsPage.detail.no")]] : (def.options ?? []).map((o) => [o, o]);
    return (
      <select {...rest} className={cls} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {opts.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    );
  }
  return (
    <Input
      {...rest}
      type={def.type === "date" ? "date" : "text"}
      inputMode={def.type === "number" ? "decimal" : undefined}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
