import ComingSoonPage from "@/pages/ComingSoonPage";

/** CampaignsPage is the campaigns section; subpath is what follows /campaigns in the address ("" or "/…"). */
export default function CampaignsPage({ subpath }: { subpath: string }) {
  void subpath;
  return <ComingSoonPage section="campaigns" />;
}
