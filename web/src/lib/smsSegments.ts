// How many SMS parts a text takes, counted as Twilio (and the twilio-sms
// plugin's Segments) count them: GSM-7 packs 160 characters in one part,
// or 153 per part of a longer message, the extension characters costing
// two; any other character makes the whole text Unicode (UCS-2): 70 UTF-16
// units in one part, or 67 per part. Most Portuguese accents (ã, ç, ê, á…)
// are not GSM-7, so they make a text Unicode: worth saying where a team
// pays per part.

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";

export type SmsCount = {
  /** parts: how many SMS the text is sent as (1 for an empty text). */
  parts: number;
  /** unicode: a character outside GSM-7 made the text UCS-2. */
  unicode: boolean;
  /** units: septets (GSM-7) or UTF-16 units (UCS-2) the text takes. */
  units: number;
  /** perPart: how many units each part holds at this length. */
  perPart: number;
  /** culprits: the first few distinct characters outside GSM-7. */
  culprits: string[];
};

/** smsCount counts the text's SMS parts and says why it is Unicode. */
export function smsCount(text: string): SmsCount {
  let septets = 0;
  const culprits: string[] = [];
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets++;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else if (!culprits.includes(ch)) culprits.push(ch);
  }
  if (culprits.length === 0) return { ...parts(septets, 160, 153), unicode: false, units: septets, culprits };
  return { ...parts(text.length, 70, 67), unicode: true, units: text.length, culprits: culprits.slice(0, 3) };
}

function parts(units: number, single: number, multi: number): { parts: number; perPart: number } {
  if (units <= single) return { parts: 1, perPart: single };
  return { parts: Math.ceil(units / multi), perPart: multi };
}
