// A campaign's reason in the UI language: worded from reason_code and
// reason_params, falling back to the server's English reason for a code
// this dashboard does not know and for campaigns from before codes.
import { keyedText } from "@/i18n/reasons";
import type { Campaign, Progress } from "./campaigns";

type Reasoned = Pick<Campaign, "reason" | "reason_code" | "reason_params">;

/** reasonText is one campaign's (or progress's) reason in words; "" when it has none. */
export function reasonText(r: Reasoned): string {
  if (!r.reason) return "";
  return keyedText("campaignReasons", r.reason_code, r.reason_params, r.reason);
}

/**
 * campaignReason is the campaign's reason from the newer of the campaign and
 * its live progress (a pushed progress may tell of a pause before the
 * campaign is refetched, and a control's answer may be newer than the last
 * progress).
 */
export function campaignReason(c: Campaign & { updated_at: string }, p?: Progress): string {
  const newer = p && Date.parse(p.at) >= Date.parse(c.updated_at) ? p : c;
  return reasonText(newer);
}
