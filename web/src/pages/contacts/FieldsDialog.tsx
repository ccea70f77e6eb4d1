import { Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { useDeleteField, useFieldDefs, usePutField } from "@/features/contacts";
import { errorDetail, errorTitle, fieldErrors } from "@/features/queryClient";

const TYPES = ["text", "number", "boolean", "date", "select"] as const;

/** FieldsDialog lists, adds and deletes the custom field definitions. */
export function FieldsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const defs = useFieldDefs();
  const put = usePutField();
  const del = useDeleteField();
  const [v, setV] = useState({ key: "", label: "", type: "text", options: "" });
  const fields = fieldErrors(put.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const options = v.options.split(",").map((s) => s.trim()).filter(Boolean);
    put.mutate(
      { key: v.key.trim(), label: v.label.trim(), type: v.type, ...(v.type === "select" ? { options } : {}) },
      {
        onSuccess: (d) => {
          toast.success(t("contactsPage.fieldDefs.saved", { label: d.label }));
          setV({ key: "", label: "", type: "text", options: "" });
          put.reset();
        },
        onError: (err) => toast.error(errorTitle(err), errorDetail(err)),
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{t("contactsPage.fieldDefs.title")}</DialogTitle>
          <DialogDescription>{t("contactsPage.fieldDefs.description")}</DialogDescription>
        </DialogHeader>
        {defs.isPending ? (
          <Spinner />
        ) : (
          <ul className="grid gap-2">
            {defs.data?.length === 0 && <li className="text-sm text-muted-foreground">{t("contactsPage.fieldDefs.none")}</li>}
            {defs.data?.map((d) => (
              <li key={d.id} className="flex items-center justify-between gap-2 rounded-md border border-border px-3 py-2 text-sm">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{d.label}</span>
                  <code className="text-xs text-muted-foreground">{d.key}</code>
                  <Badge variant="outline">{t(`contactsPage.fieldDefs.types.${d.type as "text"}`, d.type)}</Badge>
                </span>
                <Button variant="ghost" size="icon-sm" aria-label={`${t("common.delete")} ${d.label}`} onClick={() => del.mutate(d.id, { onSuccess: () => toast.success(t("contactsPage.fieldDefs.deleted")) })}>
                  <Trash2 aria-hidden />
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submit} className="grid gap-3 border-t border-border pt-4" noValidate>
          <div className="grid gap-3 sm:grid-cols-3">
            <Field label={t("contactsPage.fieldDefs.key")} error={fields.key} hint={t("contactsPage.fieldDefs.keyHint")}>
              <Input value={v.key} onChange={(e) => setV((x) => ({ ...x, key: e.target.value }))} className="font-mono" />
            </Field>
            <Field label={t("contactsPage.fieldDefs.label")} error={fields.label}>
              <Input value={v.label} onChange={(e) => setV((x) => ({ ...x, label: e.target.value }))} />
            </Field>
            <Field label={t("contactsPage.fieldDefs.type")} error={fields.type}>
              <Select value={v.type} onValueChange={(type) => setV((x) => ({ ...x, type }))}>
                <SelectTrigger>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {TYPES.map((ty) => (
                    <SelectItem key={ty} value={ty}>
                      {t(`contactsPage.fieldDefs.types.${ty}`)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </Field>
          </div>
          {v.type === "select" && (
            <Field label={t("contactsPage.fieldDefs.options")} error={fields.options} hint={t("contactsPage.fieldDefs.optionsHint")}>
              <Input value={v.options} onChange={(e) => setV((x) => ({ ...x, options: e.target.value }))} />
            </Field>
          )}
          <Button type="submit" loading={put.isPending} className="justify-self-end">
            {t("contactsPage.fieldDefs.add")}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
