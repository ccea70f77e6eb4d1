import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useAddStage, useUpdateStage, type Stage } from "@/features/kanban";
import { fieldErrors } from "@/features/queryClient";

/** What the stage dialog does: add a stage at the end of the board, or rename one. */
export type StageEdit = { mode: "add" } | { mode: "rename"; stage: Stage };

/** StageDialog names a new stage or renames an existing one. */
export function StageDialog({ boardId, edit, onClose }: { boardId: string; edit: StageEdit | null; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddStage(boardId);
  const update = useUpdateStage();
  const [name, setName] = useState("");
  const current = edit?.mode === "rename" ? edit.stage.name : "";
  useEffect(() => setName(current), [current, edit]);
  const pending = add.isPending || update.isPending;
  const error = add.error ?? update.error;
  const fields = fieldErrors(error);

  function close() {
    add.reset();
    update.reset();
    onClose();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!edit) return;
    const done = { onSuccess: () => { toast.success(t("kanbanPage.stage.saved", { name: name.trim() })); close(); } };
    if (edit.mode === "add") add.mutate({ name: name.trim() }, done);
    else update.mutate({ id: edit.stage.id, patch: { name: name.trim() } }, done);
  }

  return (
    <Dialog open={!!edit} onOpenChange={(o) => !o && close()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{edit?.mode === "rename" ? t("kanbanPage.stage.renameTitle", { name: current }) : t("kanbanPage.stage.addTitle")}</DialogTitle>
            <DialogDescription>{t("kanbanPage.stage.hint")}</DialogDescription>
          </DialogHeader>
          <Field label={t("kanbanPage.stage.name")} error={fields.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={pending} disabled={name.trim() === "" || name.trim() === current}>
              {t("common.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
