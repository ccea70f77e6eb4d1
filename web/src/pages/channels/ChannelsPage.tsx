import ComingSoonPage from "@/pages/ComingSoonPage";

/** ChannelsPage is the channels section; subpath is what follows /channels in the address ("" or "/…"). */
export default function ChannelsPage({ subpath }: { subpath: string }) {
  void subpath;
  return <ComingSoonPage section="channels" />;
}
