import { useTranslation } from "react-i18next";
import type { Schemas } from "@/api/client";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CONTACT_TARGETS, type CsvHead, type MappingProblem } from "./csvMapping";

/** ImportMapping shows one row per CSV column, with a sample of its values and the contact field it fills. */
export function ImportMapping({
  head,
  targets,
  defs,
  problems,
  onChange,
}: {
  head: CsvHead;
  targets: string[];
  defs: Schemas["FieldDef"][];
  problems: MappingProblem[];
  onChange: (column: number, target: string) => void;
}) {
  const { t } = useTranslation();
  const fieldLabel = (target: string): string => {
    const custom = defs.find((d) => `field:${d.key}` === target);
    const builtin = CONTACT_TARGETS.find((f) => f === target);
    return custom?.label ?? (builtin ? t(`contactsPage.importDialog.mapping.fields.${builtin}`) : target);
  };
  const problemText = (p: MappingProblem): string => {
    if (p.kind === "noIdentity") return t("contactsPage.importDialog.mapping.noIdentity");
    if (p.kind === "duplicateHeader") return t("contactsPage.importDialog.mapping.duplicateHeader", { column: p.column });
    return t("contactsPage.importDialog.mapping.duplicateTarget", { field: fieldLabel(p.target), columns: p.columns.join(", ") });
  };
  return (
    <div className="grid gap-2" data-testid="import-mapping">
      <p className="text-sm font-medium">{t("contactsPage.importDialog.mapping.title")}</p>
      <p className="text-xs text-muted-foreground">{t("contactsPage.importDialog.mapping.hint")}</p>
      <div className="max-h-64 overflow-y-auto rounded-lg border border-border">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("contactsPage.importDialog.mapping.column")}</TableHead>
              <TableHead>{t("contactsPage.importDialog.mapping.sample")}</TableHead>
              <TableHead className="w-48">{t("contactsPage.importDialog.mapping.target")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {head.header.map((column, i) => (
              <TableRow key={i} data-testid={`map-row-${i}`}>
                <TableCell className="font-medium">{column.trim() || "—"}</TableCell>
                <TableCell className="max-w-48 truncate text-xs text-muted-foreground">
                  {head.rows.map((r) => r[i] ?? "").filter(Boolean).join(" · ")}
                </TableCell>
                <TableCell>
                  <select
                    aria-label={t("contactsPage.importDialog.mapping.targetOf", { column: column.trim() })}
                    className="flex h-8 w-full rounded-md border border-input bg-card px-2 text-sm shadow-xs"
                    value={targets[i] ?? ""}
                    onChange={(e) => onChange(i, e.target.value)}
                  >
                    <option value="">{t("contactsPage.importDialog.mapping.ignore")}</option>
                    {CONTACT_TARGETS.map((f) => (
                      <option key={f} value={f}>
                        {t(`contactsPage.importDialog.mapping.fields.${f}`)}
                      </option>
                    ))}
                    {defs.map((d) => (
                      <option key={d.id} value={`field:${d.key}`}>
                        {d.label}
                      </option>
                    ))}
                  </select>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {problems.length > 0 && (
        <ul className="grid gap-1 text-sm text-destructive" data-testid="mapping-problems">
          {problems.map((p, i) => (
            <li key={i}>{problemText(p)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
