// The dashboard's sections, in sidebar order. `ready` sections have pages;
// the others show a "coming soon" state until their API exists.
import {
  Contact,
  House,
  Megaphone,
  MessagesSquare,
  Plug,
  Settings,
  SquareKanban,
  Workflow,
  type LucideIcon,
} from "lucide-react";

export type SectionId = "home" | "inbox" | "contacts" | "kanban" | "campaigns" | "flows" | "channels" | "settings";

export type Section = { id: SectionId; path: string; icon: LucideIcon; ready: boolean };

export const SECTIONS: Section[] = [
  { id: "home", path: "/", icon: House, ready: true },
  { id: "inbox", path: "/inbox", icon: MessagesSquare, ready: true },
  { id: "contacts", path: "/contacts", icon: Contact, ready: true },
  { id: "kanban", path: "/kanban", icon: SquareKanban, ready: true },
  { id: "campaigns", path: "/campaigns", icon: Megaphone, ready: true },
  { id: "flows", path: "/flows", icon: Workflow, ready: true },
  { id: "channels", path: "/channels", icon: Plug, ready: true },
  { id: "settings", path: "/settings", icon: Settings, ready: true },
];

export function sectionForPath(pathname: string): Section | undefined {
  return SECTIONS.find((s) => (s.path === "/" ? pathname === "/" : pathname === s.path || pathname.startsWith(`${s.path}/`)));
}
