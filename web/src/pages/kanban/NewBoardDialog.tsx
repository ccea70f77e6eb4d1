import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { navigate } from "@/app/router";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useCreateBoard } from "@/features/kanban";
import { fieldErrors } from "@/features/queryClient";

/** NewBoardDialog creates a board with its stages (one per line). */
export function NewBoardDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateBoard();
  const [name, setName] = useState("");
  const [stages, setStages] = useState<string | null>(null);
  const fields = fieldErrors(create.error);
  const text = stages ?? t("kanbanPage.stagesDefault");

  function close() {
    setName("");
    setStages(null);
    create.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const list = text.split("\n").map((s) => s.trim()).filter(Boolean);
    create.mutate(
      { name: name.trim(), stages: list },
      {
        onSuccess: (b) => {
          toast.success(t("kanbanPage.boardCreated", { name: b.name }));
          close();
          navigate(`/kanban/${b.id}`);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{t("kanbanPage.newBoardTitle")}</DialogTitle>
            <DialogDescription>{t("kanbanPage.newBoardDescription")}</DialogDescription>
          </DialogHeader>
          <Field label={t("kanbanPage.boardName")} error={fields.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("kanbanPage.boardNamePlaceholder")} autoFocus />
          </Field>
          <Field label={t("kanbanPage.stages")} error={fields.stages} hint={t("kanbanPage.stagesHint")}>
            <textarea
              value={text}
              onChange={(e) => setStages(e.target.value)}
              rows={5}
              className="w-full rounded-md border border-input bg-card px-3 py-2 text-sm shadow-xs focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20"
            />
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
