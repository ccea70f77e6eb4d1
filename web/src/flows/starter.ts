// The document "Novo fluxo" starts from: a greeting kept in a variable, an
// end, and a test that checks the path. Written by hand (no YAML library on
// the list page); strings are JSON-quoted, which YAML reads as-is.
export type StarterText = { hello: string; help: string; test: string };

export function starterFlow(name: string, title: string, text: StarterText): string {
  const q = JSON.stringify;
  return `version: 1
name: ${name}
title: ${q(title || name)}
trigger:
  on: message.received
steps:
  - id: greeting
    uses: set
    with:
      greeting: ${q(`${text.hello}, {{ contact.first_name }}! ${text.help}`)}
  - id: done
    uses: end
tests:
  - name: ${q(text.test)}
    given:
      message: { channel: whatsapp, text: "Oi" }
      contact: { first_name: Ana }
    expect:
      path: [ greeting, done ]
      status: completed
`;
}

/** slugify turns a title into a flow name: "Boas-vindas no WhatsApp" → "boas-vindas-no-whatsapp". */
export function slugify(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
