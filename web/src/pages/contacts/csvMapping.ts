// The column mapping of a CSV import, read in the browser: the file's header
// and first rows, the server's automatic header matching (kept identical to
// core/crm/contacts/csv.go), and the checks the server would refuse.

/** The contact fields a column may fill ("" ignores the column). */
export const CONTACT_TARGETS = ["name", "phone", "email", "whatsapp_id", "bsuid", "username", "owner_id", "time_zone", "language", "tags"] as const;

/** A contact is found and de-duplicated by one of these addresses. */
export const IDENTITY_TARGETS = ["phone", "whatsapp_id", "bsuid", "username", "email"] as const;

// The server's synonyms (csv.go), English and Portuguese, lowercase.
const SYNONYMS: Record<string, string> = {
  name: "name", nome: "name", "full name": "name", "nome completo": "name",
  phone: "phone", telefone: "phone", celular: "phone", mobile: "phone", whatsapp: "phone", fone: "phone",
  email: "email", "e-mail": "email", whatsapp_id: "whatsapp_id", wa_id: "whatsapp_id", bsuid: "bsuid",
  username: "username", usuario: "username", "usuário": "username", tags: "tags", etiquetas: "tags",
  owner_id: "owner_id", time_zone: "time_zone", timezone: "time_zone", "fuso horário": "time_zone",
  language: "language", idioma: "language",
};

export type CsvHead = { header: string[]; rows: string[][] };

/**
 * readCsvHead parses the header and up to maxRows data rows, as the server
 * reads them: an optional BOM, ';' when the first line has more of them than
 * commas, quoted cells with "" for a quote. Null when there is no header.
 */
export function readCsvHead(text: string, maxRows = 3): CsvHead | null {
  const data = text.replace(/^\uFEFF/, "");
  const first = data.split("\n", 1)[0] ?? "";
  const comma = count(first, ";") > count(first, ",") ? ";" : ",";
  const records = parseRecords(data, comma, maxRows + 1);
  const header = records[0];
  if (!header || (header.length === 1 && header[0]?.trim() === "")) return null;
  return { header, rows: records.slice(1) };
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

// parseRecords reads at most limit records of RFC 4180 CSV; blank lines are skipped.
function parseRecords(data: string, comma: string, limit: number): string[][] {
  const out: string[][] = [];
  let rec: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    rec.push(cell);
    if (!(rec.length === 1 && rec[0] === "")) out.push(rec);
    rec = [];
    cell = "";
  };
  while (i < data.length && out.length < limit) {
    const ch = data[i];
    if (quoted) {
      if (ch === '"' && data[i + 1] === '"') (cell += '"'), (i += 1);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === comma) rec.push(cell), (cell = "");
    else if (ch === "\n") endRecord();
    else if (ch !== "\r") cell += ch;
    i += 1;
  }
  if (out.length < limit && (cell !== "" || rec.length > 0)) endRecord();
  return out;
}

/** autoTarget is the field the server would map a header to without a mapping ("" to ignore). */
export function autoTarget(header: string, fieldKeys: string[]): string {
  const lower = header.trim().toLowerCase();
  const custom = new Set(fieldKeys.map((k) => `field:${k}`));
  if (custom.has(lower)) return lower;
  if (custom.has(`field:${lower}`)) return `field:${lower}`;
  return SYNONYMS[lower] ?? "";
}

/** autoMapping maps each column by autoTarget, leaving a column ignored when an earlier one took its field. */
export function autoMapping(header: string[], fieldKeys: string[]): string[] {
  const taken = new Set<string>();
  return header.map((h) => {
    const target = autoTarget(h, fieldKeys);
    if (target === "" || taken.has(target)) return "";
    taken.add(target);
    return target;
  });
}

export type MappingProblem =
  | { kind: "noIdentity" }
  | { kind: "duplicateTarget"; target: string; columns: string[] }
  | { kind: "duplicateHeader"; column: string };

/** mappingProblems lists what the server would refuse, or what would import contacts nobody can be found by. */
export function mappingProblems(header: string[], targets: string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const names = header.map((h) => h.trim());
  const seenNames = new Set<string>();
  for (const n of names) {
    if (seenNames.has(n)) problems.push({ kind: "duplicateHeader", column: n });
    seenNames.add(n);
  }
  const byTarget = new Map<string, string[]>();
  targets.forEach((t, i) => t && byTarget.set(t, [...(byTarget.get(t) ?? []), names[i] ?? ""]));
  for (const [target, columns] of byTarget) {
    if (columns.length > 1) problems.push({ kind: "duplicateTarget", target, columns });
  }
  if (!targets.some((t) => (IDENTITY_TARGETS as readonly string[]).includes(t))) problems.unshift({ kind: "noIdentity" });
  return problems;
}

/** requestMapping is the import request's mapping: every column by its trimmed header, "" when ignored. */
export function requestMapping(header: string[], targets: string[]): Record<string, string> {
  return Object.fromEntries(header.map((h, i) => [h.trim(), targets[i] ?? ""]));
}
