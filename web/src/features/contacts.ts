// Server state of contacts: the paginated, filtered list; one contact with
// tags and custom fields; field definitions; CSV import jobs.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body, type Schemas } from "@/api/client";
import { keyedText } from "@/i18n/reasons";

export type Contact = Schemas["Contact"];
export type FieldDef = Schemas["FieldDef"];
export type ImportJob = Schemas["ImportJob"];
/** RowError is one problem of an import's row: a field's (reason as in field_reasons) or the whole row's. */
export type RowError = { row: number; field?: string; reason?: string; params?: Record<string, unknown>; message: string };
export type ContactFilter = { q?: string; tag?: string; sort?: string; cursor?: string; limit?: number };

export const PAGE_SIZE = 25;
export const contactsKey = ["contacts"] as const;

/** useContactPage is one page of the list; the next page's cursor is in next_cursor. */
export function useContactPage(f: ContactFilter) {
  return useQuery({
    queryKey: ["contacts", "page", f],
    queryFn: ({ signal }) => request("get", "/api/v1/contacts", { query: { ...f, limit: f.limit ?? PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ["contacts", id ?? ""],
    enabled: !!id,
    queryFn: ({ signal }) => request("get", "/api/v1/contacts/{id}", { params: { id: id ?? "" }, signal }),
  });
}

function useInvalidateContacts() {
  const qc = useQueryClient();
  return (c?: Contact) => {
    if (c) qc.setQueryData(["contacts", c.id], c);
    void qc.invalidateQueries({ queryKey: ["contacts", "page"] });
  };
}

export function useCreateContact() {
  const done = useInvalidateContacts();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/contacts", "post">) => request("post", "/api/v1/contacts", { body }),
    meta: { toastErrors: false }, // the form shows the fields
    onSuccess: (c) => done(c),
  });
}

export function useUpdateContact(id: string) {
  const done = useInvalidateContacts();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/contacts/{id}", "patch">) => request("patch", "/api/v1/contacts/{id}", { params: { id }, body }),
    meta: { toastErrors: false },
    onSuccess: (c) => done(c),
  });
}

export function useTagContact(id: string) {
  const done = useInvalidateContacts();
  return useMutation({
    mutationFn: ({ tag, add }: { tag: string; add: boolean }) =>
      add
        ? request("post", "/api/v1/contacts/{id}/tags", { params: { id }, body: { tag } })
        : request("delete", "/api/v1/contacts/{id}/tags/{tag}", { params: { id, tag } }),
    onSuccess: (c) => done(c),
  });
}

export function useDeleteContact() {
  const done = useInvalidateContacts();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/contacts/{id}", { params: { id } }),
    onSuccess: () => done(),
  });
}

export const fieldsKey = ["contact-fields"] as const;

export function useFieldDefs() {
  return useQuery({
    queryKey: fieldsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/contact-fields", { signal }),
    select: (r) => r.items,
  });
}

export function usePutField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/contact-fields", "put">) => request("put", "/api/v1/contact-fields", { body }),
    meta: { toastErrors: false },
    onSuccess: () => qc.invalidateQueries({ queryKey: fieldsKey }),
  });
}

export function useDeleteField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/contact-fields/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: fieldsKey }),
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: (body: Body<"/api/v1/contact-imports", "post">) => request("post", "/api/v1/contact-imports", { body }),
    meta: { toastErrors: false },
  });
}

export const importFinished = (j: ImportJob | undefined) => j?.status === "done" || j?.status === "failed";

/** useImportJob polls an import until it is done or failed; then the list is refetched. */
export function useImportJob(id: string | undefined) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ["contact-imports", id ?? ""],
    enabled: !!id,
    queryFn: async ({ signal }) => {
      const j = await request("get", "/api/v1/contact-imports/{id}", { params: { id: id ?? "" }, signal });
      if (importFinished(j)) void qc.invalidateQueries({ queryKey: ["contacts", "page"] });
      return j;
    },
    refetchInterval: (q) => (importFinished(q.state.data) ? false : 500),
  });
}

/** rowErrors reads a job's error report (a JSON array, typed loosely by the schema). */
export function rowErrors(j: ImportJob | undefined): RowError[] {
  const raw: unknown = j?.errors;
  let v: unknown = raw;
  if (typeof raw === "string") {
    try {
      v = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  return Array.isArray(v) ? (v as RowError[]).filter((e) => typeof e?.row === "number") : [];
}

/** rowProblem is a row error in the UI language, or the server's English for a reason it does not know. */
export function rowProblem(e: RowError): string {
  return keyedText(e.field ? "fieldReasons" : "importRows", e.reason, e.params, e.message);
}

/** importPercent is how far a job has come: rows read over rows in the file. */
export function importPercent(j: ImportJob | undefined): number {
  if (!j) return 0;
  if (importFinished(j)) return 100;
  if (j.total <= 0) return 0;
  return Math.min(99, Math.floor((j.processed / j.total) * 100));
}
