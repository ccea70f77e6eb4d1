/** channelName is a channel as people write it ("WhatsApp", "SMS"); an unknown one as given. */
export function channelName(c: string): string {
  return c === "whatsapp" ? "WhatsApp" : c === "sms" ? "SMS" : c;
}
