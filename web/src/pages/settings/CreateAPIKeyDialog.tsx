import { TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { CopyButton } from "@/components/common/CopyButton";
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
            <div className="flex items-start gap-2.5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>{t("apiKeys.createdBody")}</span>
            </div>
            <div className="grid gap-2">
              <span className="text-sm font-medium">{t("apiKeys.keyLabel")}</span>
              <div className="flex flex-col gap-2 sm:flex-row">
                <code
                  data-testid="new-api-key"
                  className="flex-1 select-all break-all rounded-md border border-border bg-muted px-3 py-2 font-mono text-[13px]"
                >
                  {key}
                </code>
                <CopyButton text={key} />
              </div>
            </div>
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
