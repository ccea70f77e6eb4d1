import { ArrowLeft, ArrowRight, EllipsisVertical, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toast";
import { useDeleteStage, useUpdateStage, type Stage } from "@/features/kanban";
import { stageStep } from "./stageOrder";

/**
 * StageMenu renames, moves and deletes a stage. Only an empty stage is deleted: with cards in it the
 * dialog says to move them first (the server refuses too), so no card is ever lost with its stage.
 */
export function StageMenu({ stage, order, count, onRename }: { stage: Stage; order: string[]; count: number; onRename: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateStage();
  const del = useDeleteStage();
  const [deleting, setDeleting] = useState(false);
  const left = stageStep(order, stage.id, "left");
  const right = stageStep(order, stage.id, "right");
  const only = order.length <= 1;

  // A promise, not mutate's callbacks: the deleted stage's menu unmounts before they would run.
  function remove() {
    del.mutateAsync(stage.id).then(
      () => toast.success(t("kanbanPage.stage.deleted", { name: stage.name })),
      () => setDeleting(false), // the error is a toast already
    );
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={t("kanbanPage.stage.menu", { name: stage.name })}>
            <EllipsisVertical aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={onRename}>
            <Pencil />
            {t("kanbanPage.stage.rename")}
          </DropdownMenuItem>
          <DropdownMenuItem disabled={!left} onSelect={() => left && update.mutate({ id: stage.id, patch: left })}>
            <ArrowLeft />
            {t("kanbanPage.stage.moveLeft")}
          </DropdownMenuItem>
          <DropdownMenuItem disabled={!right} onSelect={() => right && update.mutate({ id: stage.id, patch: right })}>
            <ArrowRight />
            {t("kanbanPage.stage.moveRight")}
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setDeleting(true)} className="text-destructive">
            <Trash2 />
            {t("kanbanPage.stage.delete")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {count > 0 || only ? (
        <Dialog open={deleting} onOpenChange={setDeleting}>
          <DialogContent role="alertdialog" className="max-w-md">
            <DialogHeader>
              <DialogTitle>{t("kanbanPage.stage.cannotDelete", { name: stage.name })}</DialogTitle>
              <DialogDescription>{only ? t("kanbanPage.stage.onlyStage") : t("kanbanPage.stage.hasCards", { count })}</DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button onClick={() => setDeleting(false)}>{t("kanbanPage.stage.understood")}</Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      ) : (
        <ConfirmDialog
          open={deleting}
          onOpenChange={setDeleting}
          title={t("kanbanPage.stage.deleteTitle", { name: stage.name })}
          body={t("kanbanPage.stage.deleteBody")}
          confirmLabel={t("kanbanPage.stage.delete")}
          onConfirm={remove}
          pending={del.isPending}
        />
      )}
    </>
  );
}
