import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { navigate } from "@/app/router";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useCreateContact } from "@/features/contacts";
import { errorDetail, errorTitle, fieldErrors } from "@/features/queryClient";

/** NewContactDialog creates a contact; the server normalizes the phone and refuses an address another contact holds. */
export function NewContactDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateContact();
  const [v, setV] = useState({ name: "", phone: "", email: "", tags: "" });
  const fields = fieldErrors(create.error);

  function close() {
    setV({ name: "", phone: "", email: "", tags: "" });
    create.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const tags = v.tags.split(",").map((s) => s.trim()).filter(Boolean);
    create.mutate(
      {
        name: v.name.trim(),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
        ...(tags.length ? { tags } : {}),
      },
      {
        onSuccess: (c) => {
          toast.success(t("contactsPage.created_toast", { name: c.name || c.phone }));
          close();
          navigate(`/contacts/${c.id}`);
        },
        onError: (err) => toast.error(errorTitle(err), errorDetail(err)),
      },
    );
  }

  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{t("contactsPage.form.title")}</DialogTitle>
            <DialogDescription>{t("contactsPage.form.description")}</DialogDescription>
          </DialogHeader>
          <Field label={t("contactsPage.name")} error={fields.name}>
            <Input value={v.name} onChange={set("name")} placeholder={t("contactsPage.form.namePlaceholder")} autoFocus />
          </Field>
          <Field label={t("contactsPage.phone")} error={fields.phone}>
            <Input value={v.phone} onChange={set("phone")} placeholder={t("contactsPage.form.phonePlaceholder")} inputMode="tel" />
          </Field>
          <Field label={t("contactsPage.email")} error={fields.email}>
            <Input value={v.email} onChange={set("email")} type="email" />
          </Field>
          <Field label={t("contactsPage.tags")} error={fields.tags} hint={t("contactsPage.form.tagsHint")}>
            <Input value={v.tags} onChange={set("tags")} />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("common.create")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
