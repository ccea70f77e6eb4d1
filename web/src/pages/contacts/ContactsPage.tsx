import ComingSoonPage from "@/pages/ComingSoonPage";

/** ContactsPage is the contacts section; subpath is what follows /contacts in the address ("" or "/…"). */
export default function ContactsPage({ subpath }: { subpath: string }) {
  void subpath;
  return <ComingSoonPage section="contacts" />;
}
