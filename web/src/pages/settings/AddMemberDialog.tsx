import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { RoleSelect } from "@/components/common/RoleSelect";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useAddMember } from "@/features/members";
import { fieldErrors } from "@/features/queryClient";

const EMPTY = { name: "", email: "", password: "", role: "agent" };

export function AddMemberDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const add = useAddMember();
  const [form, setForm] = useState(EMPTY);
  const fields = fieldErrors(add.error);
  const set = (k: keyof typeof EMPTY) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      setForm(EMPTY);
      add.reset();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate(
      { ...form, name: form.name.trim(), email: form.email.trim() },
      {
        onSuccess: (m) => {
          toast.success(t("members.added", { name: m.name }));
          close(false);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <DialogHeader>
            <DialogTitle>{t("members.addTitle")}</DialogTitle>
            <DialogDescription>{t("members.addDescription")}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("members.name")} error={fields.name}>
              <Input value={form.name} onChange={(e) => set("name")(e.target.value)} autoComplete="off" autoFocus />
            </Field>
            <Field label={t("members.email")} error={fields.email}>
              <Input type="email" value={form.email} onChange={(e) => set("email")(e.target.value)} autoComplete="off" />
            </Field>
          </div>
          <Field label={t("members.password")} error={fields.password} hint={t("members.passwordHint")}>
            <Input type="password" value={form.password} onChange={(e) => set("password")(e.target.value)} autoComplete="new-password" />
          </Field>
          <Field label={t("members.role")} error={fields.role}>
            <RoleSelect value={form.role} onValueChange={set("role")} />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t("common.add")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
