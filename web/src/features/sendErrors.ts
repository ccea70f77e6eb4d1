// Provider error codes the dashboard explains in the team's words
// (inboxPage.sendErrors in the i18n sections): the inbox's failed replies
// and the campaign ledger's failed sends say the same thing for a code.
import i18n from "@/i18n";

/** sendErrorCodes are the provider codes with words of their own. */
export const sendErrorCodes = [
  "131047", "131026", "131049", "131056", "130429", "131021", "368", "190", "21610", "21211", "21614", "30003", "30005", "30006", "30007",
  "131000", "131042", "131048", "131050", "131052", "131053", "132000", "132001", "132015", "132016", "21617", "21635", "30004", "30008",
  "131031", "130497", "30002",
] as const;

/** sendErrorText is a known code's explanation followed by the code ("… (131047)"); "" for a code without words. */
export function sendErrorText(code: string | undefined): string {
  if (!code || !(sendErrorCodes as readonly string[]).includes(code)) return "";
  return `${i18n.t(`inboxPage.sendErrors.${code as "131047"}`)} (${code})`;
}
