import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useCreateWorkspace, useSwitchTenant } from "@/features/session";
import { fieldErrors } from "@/features/queryClient";

/** CreateWorkspaceDialog makes a new workspace owned by the caller and switches to it. */
export function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const create = useCreateWorkspace();
  const switchTenant = useSwitchTenant();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const fields = fieldErrors(create.error);

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      setName("");
      setPassword("");
      create.reset();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), password },
      {
        onSuccess: (ws) => {
          toast.success(t("workspace.created", { name: ws.tenant.name }));
          close(false);
          switchTenant.mutate(ws.tenant.id);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5">
          <DialogHeader>
            <DialogTitle>{t("workspace.createTitle")}</DialogTitle>
            <DialogDescription>{t("workspace.createDescription")}</DialogDescription>
          </DialogHeader>
          <Field label={t("workspace.name")} error={fields.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("workspace.namePlaceholder")} required autoFocus />
          </Field>
          <Field label={t("workspace.password")} error={fields.password} hint={t("workspace.passwordHint")}>
            <Input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)}>
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
