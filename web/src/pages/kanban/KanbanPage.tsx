import { Plus, SquareKanban } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "@/app/router";
import { PageHeader } from "@/components/common/PageHeader";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, ErrorState, Skeleton } from "@/components/ui/states";
import { useBoards, useCards } from "@/features/kanban";
import { BoardView } from "./BoardView";
import { NewBoardDialog } from "./NewBoardDialog";

/** KanbanPage is the kanban section; subpath is "" (the first board) or "/<board id>". */
export default function KanbanPage({ subpath }: { subpath: string }) {
  const { t } = useTranslation();
  const boards = useBoards();
  const [creating, setCreating] = useState(false);
  const wanted = subpath.replace(/^\//, "");
  const board = boards.data?.find((b) => b.id === wanted) ?? boards.data?.[0];
  const cards = useCards(board?.id);

  return (
    <div className="grid gap-6">
      <PageHeader
        title={t("nav.kanban")}
        description={t("kanbanPage.description")}
        actions={
          <>
            {boards.data && boards.data.length > 1 && board && (
              <Select value={board.id} onValueChange={(id) => navigate(`/kanban/${id}`)}>
                <SelectTrigger className="w-48" aria-label={t("kanbanPage.board")}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {boards.data.map((b) => (
                    <SelectItem key={b.id} value={b.id}>
                      {b.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
            <Button variant={boards.data?.length ? "outline" : "default"} onClick={() => setCreating(true)}>
              <Plus aria-hidden />
              {t("kanbanPage.newBoard")}
            </Button>
          </>
        }
      />
      {boards.isPending || (board && cards.isPending) ? (
        <div className="flex gap-4 overflow-hidden" role="status" aria-label={t("common.loading")}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-72 w-72 shrink-0 rounded-xl" />
          ))}
        </div>
      ) : boards.isError ? (
        <Card>
          <ErrorState error={boards.error} onRetry={() => void boards.refetch()} />
        </Card>
      ) : !board ? (
        <Card>
          <EmptyState
            icon={SquareKanban}
            title={t("kanbanPage.empty")}
            action={
              <Button onClick={() => setCreating(true)}>
                <Plus aria-hidden />
                {t("kanbanPage.newBoard")}
              </Button>
            }
          >
            {t("kanbanPage.emptyBody")}
          </EmptyState>
        </Card>
      ) : cards.isError ? (
        <Card>
          <ErrorState error={cards.error} onRetry={() => void cards.refetch()} />
        </Card>
      ) : (
        <>
          <h2 className="sr-only">{board.name}</h2>
          <BoardView key={board.id} board={board} cards={cards.data ?? []} />
        </>
      )}
      <NewBoardDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
