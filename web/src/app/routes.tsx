// The route table: each page is its own chunk (React.lazy), so the first
// load carries only the shell.
import { sectionForPath } from "./sections";
import { lazyPage } from "./lazyPage";
import { Redirect } from "./Redirect";

const HomePage = lazyPage(() => import("@/pages/HomePage"));
const SettingsPage = lazyPage(() => import("@/pages/settings/SettingsPage"));
const NotFoundPage = lazyPage(() => import("@/pages/NotFoundPage"));
const FlowsPage = lazyPage(() => import("@/pages/flows/FlowsPage"));
const FlowEditorPage = lazyPage(() => import("@/pages/flows/FlowEditorPage"));
const RunsPage = lazyPage(() => import("@/pages/flows/RunsPage"));
const InboxPage = lazyPage(() => import("@/pages/inbox/InboxPage"));
// Agents land on the inbox: fetch its chunk alongside the session check, not after it.
if (typeof window !== "undefined" && window.location.pathname.startsWith("/inbox")) void import("@/pages/inbox/InboxPage");
const ContactsPage = lazyPage(() => import("@/pages/contacts/ContactsPage"));
const KanbanPage = lazyPage(() => import("@/pages/kanban/KanbanPage"));
const CampaignsPage = lazyPage(() => import("@/pages/campaigns/CampaignsPage"));
const ChannelsPage = lazyPage(() => import("@/pages/channels/ChannelsPage"));

// Sections that own their sub-addresses (/inbox/<id>, /campaigns/new, …):
// the page gets what follows its path and parses it itself.
const SECTION_PAGES = {
  inbox: InboxPage,
  contacts: ContactsPage,
  kanban: KanbanPage,
  campaigns: CampaignsPage,
  channels: ChannelsPage,
} as const;

/** fullBleed reports pages that use the whole area beside the sidebar (the flow editor). */
export function isFullBleed(pathname: string): boolean {
  return /^\/flows\/[^/]+\/?$/.test(pathname);
}

export const SETTINGS_TABS = ["members", "api-keys", "secrets", "webhooks"] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** RouteView renders the page for a path of the authenticated app. */
export function RouteView({ pathname }: { pathname: string }) {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/settings") return <Redirect to="/settings/members" />;
  const tab = path.match(/^\/settings\/([\w-]+)$/)?.[1];
  if (tab !== undefined) {
    return (SETTINGS_TABS as readonly string[]).includes(tab) ? <SettingsPage tab={tab as SettingsTab} /> : <NotFoundPage />;
  }
  if (path === "/flows") return <FlowsPage />;
  const flow = path.match(/^\/flows\/([\w-]+)(\/runs)?$/);
  if (flow?.[1]) return flow[2] ? <RunsPage id={flow[1]} /> : <FlowEditorPage id={flow[1]} />;
  const section = sectionForPath(path);
  if (!section) return <NotFoundPage />;
  const Page = SECTION_PAGES[section.id as keyof typeof SECTION_PAGES];
  if (Page) return <Page subpath={path.slice(section.path.length)} />;
  if (section.id === "home" && section.path === path) return <HomePage />;
  return <NotFoundPage />;
}
