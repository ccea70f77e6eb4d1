import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ShownOnce } from "@/components/common/ShownOnce";
import { RoleSelect } from "@/components/common/RoleSelect";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useCreateAPIKey } from "@/features/apiKeys";
import { fieldErrors } from "@/features/queryClient";

/**
 * CreateAPIKeyDialog asks for a name and role, then shows the new key once.
 * The key lives only in this dialog's state: closing it resets the mutation,
 * so nothing in the app can show it again.
 */
export function CreateAPIKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const create = useCreateAPIKey();
  const [name, setName] = useState("");
  const [role, setRole] = useState("agent");
  const fields = fieldErrors(create.error);
  const key = create.data?.key;

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      setName("");
      setRole("agent");
      create.reset();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ name: name.trim(), role });
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent onInteractOutside={(e) => key && e.preventDefault()}>
        {key ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("apiKeys.createdTitle")}</DialogTitle>
              <DialogDescription>{create.data?.name}</DialogDescription>
            </DialogHeader>
            <ShownOnce warning={t("apiKeys.createdBody")} label={t("apiKeys.keyLabel")} value={key} testId="new-api-key" />
            <DialogFooter>
              <Button onClick={() => close(false)}>{t("apiKeys.done")}</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>{t("apiKeys.createTitle")}</DialogTitle>
              <DialogDescription>{t("apiKeys.createDescription")}</DialogDescription>
            </DialogHeader>
            <Field label={t("apiKeys.name")} error={fields.name}>
              <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("apiKeys.namePlaceholder")} autoFocus />
            </Field>
            <Field label={t("apiKeys.role")} error={fields.role}>
              <RoleSelect value={role} onValueChange={setRole} />
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
        )}
      </DialogContent>
    </Dialog>
  );
}
