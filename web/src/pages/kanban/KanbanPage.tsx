import ComingSoonPage from "@/pages/ComingSoonPage";

/** KanbanPage is the kanban section; subpath is what follows /kanban in the address ("" or "/…"). */
export default function KanbanPage({ subpath }: { subpath: string }) {
  void subpath;
  return <ComingSoonPage section="kanban" />;
}
