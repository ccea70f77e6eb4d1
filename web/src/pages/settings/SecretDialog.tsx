import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import type { Secret } from "@/api/types";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { usePutSecret } from "@/features/secrets";
import { fieldErrors } from "@/features/queryClient";

/**
 * SecretDialog sets a new secret (secret === null) or replaces one's value.
 * The value is typed into a password field and dropped once saved.
 */
export function SecretDialog({ secret, onClose }: { secret: Secret | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const put = usePutSecret();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const open = secret !== undefined;
  const replacing = secret ?? undefined;
  const fields = fieldErrors(put.error);

  useEffect(() => {
    if (open) setName(replacing?.name ?? "");
  }, [open, replacing]);

  function close() {
    setName("");
    setValue("");
    put.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    put.mutate(
      { name: name.trim(), value },
      {
        onSuccess: (s) => {
          toast.success(t("secrets.saved", { name: s.name }));
          close();
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5" noValidate autoComplete="off">
          <DialogHeader>
            <DialogTitle>{replacing ? t("secrets.replaceTitle", { name: replacing.name }) : t("secrets.setTitle")}</DialogTitle>
            <DialogDescription>{replacing ? t("secrets.replaceDescription") : t("secrets.setDescription")}</DialogDescription>
          </DialogHeader>
          <Field label={t("secrets.name")} error={fields.name}>
            <Input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t("secrets.namePlaceholder")}
              className="font-mono"
              readOnly={replacing !== undefined}
              autoFocus={!replacing}
              spellCheck={false}
              autoCapitalize="off"
            />
          </Field>
          <Field label={t("secrets.value")} error={fields.value}>
            <Input
              type="password"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder={t("secrets.valuePlaceholder")}
              autoComplete="new-password"
              autoFocus={replacing !== undefined}
              spellCheck={false}
              data-1p-ignore
              data-lpignore="true"
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={put.isPending}>
              {t("common.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
