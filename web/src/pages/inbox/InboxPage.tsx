import ComingSoonPage from "@/pages/ComingSoonPage";

/** InboxPage is the inbox section; subpath is what follows /inbox in the address ("" or "/…"). */
export default function InboxPage({ subpath }: { subpath: string }) {
  void subpath;
  return <ComingSoonPage section="inbox" />;
}
