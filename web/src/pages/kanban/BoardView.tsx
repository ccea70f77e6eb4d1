import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { CalendarClock, Plus, User } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "@/api/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { useContactsByID, useMoveCard, type Board, type Card } from "@/features/kanban";
import { formatDate } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CardDrawer } from "./CardDrawer";
import { formatMoney } from "./money";
import { NewCardDialog } from "./NewCardDialog";
import { StageDialog, type StageEdit } from "./StageDialog";
import { StageMenu } from "./StageMenu";
import { findStage, moveBetween, placementAt, reorder, type Columns } from "./placement";

function columnsOf(board: Board, cards: Card[]): Columns {
  const cols: Columns = Object.fromEntries(board.stages.map((s) => [s.id, [] as string[]]));
  for (const c of cards) cols[c.stage_id]?.push(c.id);
  return cols;
}

/** BoardView shows a board's stages as columns whose cards can be dragged (pointer or keyboard). */
export function BoardView({ board, cards }: { board: Board; cards: Card[] }) {
  const { t } = useTranslation();
  const move = useMoveCard(board.id);
  const byId = useMemo(() => new Map(cards.map((c) => [c.id, c])), [cards]);
  const contacts = useContactsByID(cards.map((c) => c.contact_id));
  const [cols, setCols] = useState<Columns>(() => columnsOf(board, cards));
  const [active, setActive] = useState<string | null>(null);
  const [openCard, setOpenCard] = useState<string | null>(null);
  const [newIn, setNewIn] = useState<Schemas["Stage"] | null>(null);
  const [stageEdit, setStageEdit] = useState<StageEdit | null>(null);
  const stageOrder = board.stages.map((s) => s.id);
  const startStage = useRef<string | undefined>(undefined);

  // The server's order wins whenever it changes (after a move, a refetch).
  useEffect(() => {
    if (!active) setCols(columnsOf(board, cards));
  }, [board, cards, active]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a phone a card is lifted by a long press, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function onDragStart(e: DragStartEvent) {
    const id = String(e.active.id);
    setActive(id);
    startStage.current = findStage(cols, id);
  }

  function onDragOver(e: DragOverEvent) {
    if (!e.over) return;
    const id = String(e.active.id);
    const over = String(e.over.id);
    const rect = e.active.rect.current.translated;
    const below = !!rect && rect.top + rect.height / 2 > e.over.rect.top + e.over.rect.height / 2;
    setCols((c) => moveBetween(c, id, over, below));
  }

  function onDragEnd(e: DragEndEvent) {
    const id = String(e.active.id);
    setActive(null);
    if (!e.over) {
      setCols(columnsOf(board, cards));
      return;
    }
    const next = reorder(cols, id, String(e.over.id));
    setCols(next);
    const stage = findStage(next, id);
    const card = byId.get(id);
    if (!stage || !card) return;
    const order = next[stage] ?? [];
    const before = columnsOf(board, cards)[card.stage_id] ?? [];
    if (stage === card.stage_id && order.join() === before.join()) return; // dropped where it was
    const to = placementAt(stage, order, id);
    const stageName = board.stages.find((s) => s.id === stage)?.name ?? "";
    move.mutate(
      { id, to },
      { onSuccess: () => stage !== startStage.current && toast.success(t("kanbanPage.moved", { stage: stageName })) },
    );
  }

  const activeCard = active ? byId.get(active) : undefined;
  const drawerCard = openCard ? byId.get(openCard) : undefined;

  return (
    <>
      <p className="sr-only">{t("kanbanPage.dragHint")}</p>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          setActive(null);
          setCols(columnsOf(board, cards));
        }}
      >
        <div className="-mx-4 flex snap-x snap-mandatory gap-4 overflow-x-auto px-4 pb-4 sm:mx-0 sm:px-0" data-testid="kanban-board">
          {board.stages.map((stage) => {
            const ids = cols[stage.id] ?? [];
            return (
              <Column
                key={stage.id}
                id={stage.id}
                name={stage.name}
                count={ids.length}
                onAdd={() => setNewIn(stage)}
                menu={<StageMenu stage={stage} order={stageOrder} count={ids.length} onRename={() => setStageEdit({ mode: "rename", stage })} />}
              >
                <SortableContext items={ids} strategy={verticalListSortingStrategy}>
                  {ids.map((id) => {
                    const card = byId.get(id);
                    if (!card) return null;
                    return (
                      <SortableCard
                        key={id}
                        card={card}
                        contactName={contacts.get(card.contact_id)?.name}
                        onOpen={() => setOpenCard(id)}
                      />
                    );
                  })}
                </SortableContext>
                {ids.length === 0 && (
                  <p className="rounded-lg border border-dashed border-border px-3 py-6 text-center text-xs text-muted-foreground">
                    {t("kanbanPage.emptyStage")}
                  </p>
                )}
              </Column>
            );
          })}
          <Button variant="outline" className="h-12 w-48 shrink-0 border-dashed" onClick={() => setStageEdit({ mode: "add" })}>
            <Plus aria-hidden />
            {t("kanbanPage.stage.add")}
          </Button>
        </div>
        <DragOverlay>
          {activeCard ? <CardFace card={activeCard} contactName={contacts.get(activeCard.contact_id)?.name} dragging /> : null}
        </DragOverlay>
      </DndContext>
      <CardDrawer
        card={drawerCard}
        board={board}
        contact={drawerCard ? contacts.get(drawerCard.contact_id) : undefined}
        onClose={() => setOpenCard(null)}
      />
      <NewCardDialog boardId={board.id} stage={newIn} onClose={() => setNewIn(null)} />
      <StageDialog boardId={board.id} edit={stageEdit} onClose={() => setStageEdit(null)} />
    </>
  );
}

function Column({
  id,
  name,
  count,
  onAdd,
  menu,
  children,
}: {
  id: string;
  name: string;
  count: number;
  onAdd: () => void;
  menu: React.ReactNode;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <section
      ref={setNodeRef}
      aria-label={name}
      data-testid={`stage-${name}`}
      className={cn(
        "flex w-[85vw] max-w-xs shrink-0 snap-start flex-col gap-2 rounded-xl border border-border bg-muted/40 p-3 sm:w-72",
        isOver && "ring-2 ring-primary/30",
      )}
    >
      <header className="flex items-center justify-between gap-2 px-1">
        <h2 className="truncate text-sm font-semibold">{name}</h2>
        <div className="flex items-center gap-1">
          <Badge variant="secondary">{t("kanbanPage.cardCount", { count })}</Badge>
          <Button variant="ghost" size="icon-sm" onClick={onAdd} aria-label={`${t("kanbanPage.newCard")}: ${name}`}>
            <Plus aria-hidden />
          </Button>
          {menu}
        </div>
      </header>
      <div className="flex min-h-24 flex-col gap-2">{children}</div>
    </section>
  );
}

function SortableCard({ card, contactName, onOpen }: { card: Card; contactName?: string; onOpen: () => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: card.id });
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={cn("touch-manipulation", isDragging && "opacity-40")}
      {...attributes}
      {...listeners}
      onClick={onOpen}
      onKeyDown={(e) => {
        listeners?.onKeyDown?.(e);
        if (e.key === "Enter") onOpen();
      }}
      data-testid={`card-${card.title}`}
    >
      <CardFace card={card} contactName={contactName} />
    </div>
  );
}

function CardFace({ card, contactName, dragging }: { card: Card; contactName?: string; dragging?: boolean }) {
  return (
    <article
      className={cn(
        "grid cursor-grab gap-2 rounded-lg border border-border bg-card p-3 text-left shadow-xs transition-shadow hover:shadow-sm",
        dragging && "cursor-grabbing shadow-lg ring-2 ring-primary/30",
      )}
    >
      <p className="text-sm font-medium leading-snug">{card.title}</p>
      <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
        <span className="inline-flex min-w-0 items-center gap-1">
          <User className="size-3.5 shrink-0" aria-hidden />
          {contactName ? <span className="truncate">{contactName}</span> : <Skeleton className="h-3 w-16" />}
        </span>
        {card.value_cents > 0 && <span className="font-medium text-foreground">{formatMoney(card.value_cents, card.currency)}</span>}
      </div>
      {card.due_at && (
        <p
          className={cn("inline-flex items-center gap-1 text-xs", Date.parse(card.due_at) < Date.now() ? "text-destructive" : "text-muted-foreground")}
          data-testid="card-due"
        >
          <CalendarClock className="size-3.5" aria-hidden />
          {formatDate(card.due_at)}
        </p>
      )}
    </article>
  );
}
