import { ChevronLeft, ChevronRight, Contact as ContactIcon, Download, ListPlus, Plus, Search, Upload } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { queryString } from "@/api/client";
import { navigate } from "@/app/router";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useContactPage } from "@/features/contacts";
import { useSession } from "@/features/session";
import { can } from "@/api/types";
import { formatDate } from "@/lib/format";
import { ContactPanel } from "./ContactPanel";
import { FieldsDialog } from "./FieldsDialog";
import { ImportDialog } from "./ImportDialog";
import { NewContactDialog } from "./NewContactDialog";

const SORTS = ["-created_at", "created_at", "name", "-name", "-updated_at"] as const;

/** ContactsPage is the contacts section: the list, and "/<id>" opens one contact beside it. */
export default function ContactsPage({ subpath }: { subpath: string }) {
  const { t } = useTranslation();
  const openId = subpath.replace(/^\//, "") || undefined;
  const me = useSession();
  const admin = can(me.principal.role, "admin");
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [tag, setTag] = useState("");
  const [sort, setSort] = useState<string>("-created_at");
  // The cursors of the pages seen so far: cursors[i] opens page i.
  const [cursors, setCursors] = useState<string[]>([""]);
  const pageIndex = cursors.length - 1;
  const [dialog, setDialog] = useState<"new" | "import" | "fields" | null>(null);

  useEffect(() => {
    const id = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(id);
  }, [typed]);
  useEffect(() => setCursors([""]), [q, tag, sort]);

  const page = useContactPage({ q, tag, sort, cursor: cursors[pageIndex] || undefined });
  const filtered = q !== "" || tag !== "";
  const exportHref = `/api/v1/contact-export${queryString({ q, tag, sort })}`;

  return (
    <div className="grid gap-6">
      <PageHeader
        title={t("nav.contacts")}
        description={t("contactsPage.description")}
        actions={
          <div className="flex flex-wrap gap-2">
            {admin && (
              <>
                <Button variant="outline" onClick={() => setDialog("fields")}>
                  <ListPlus aria-hidden />
                  <span className="hidden sm:inline">{t("contactsPage.fields")}</span>
                </Button>
                <a href={exportHref} download className={buttonVariants({ variant: "outline" })}>
                  <Download aria-hidden />
                  <span className="hidden sm:inline">{t("contactsPage.export")}</span>
                </a>
                <Button variant="outline" onClick={() => setDialog("import")}>
                  <Upload aria-hidden />
                  {t("contactsPage.import")}
                </Button>
              </>
            )}
            <Button onClick={() => setDialog("new")}>
              <Plus aria-hidden />
              {t("contactsPage.new")}
            </Button>
          </div>
        }
      />
      <Card>
        <div className="flex flex-col gap-3 border-b border-border p-4 sm:flex-row">
          <div className="relative flex-1">
            <Search className="absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={t("contactsPage.search")} aria-label={t("contactsPage.search")} className="pl-9" type="search" />
          </div>
          <Input value={tag} onChange={(e) => setTag(e.target.value.trim())} placeholder={t("contactsPage.tagFilter")} aria-label={t("contactsPage.tagFilter")} className="sm:w-40" />
          <Select value={sort} onValueChange={setSort}>
            <SelectTrigger className="sm:w-48" aria-label={t("contactsPage.sort")}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {SORTS.map((s) => (
                <SelectItem key={s} value={s}>
                  {t(`contactsPage.sorts.${s}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {page.isPending ? (
          <TableSkeleton rows={6} />
        ) : page.isError ? (
          <ErrorState error={page.error} onRetry={() => void page.refetch()} />
        ) : page.data.items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={Search}
              title={t("contactsPage.noMatch")}
              action={
                <Button variant="outline" onClick={() => { setTyped(""); setTag(""); }}>
                  {t("contactsPage.clearFilters")}
                </Button>
              }
            />
          ) : (
            <EmptyState icon={ContactIcon} title={t("contactsPage.empty")}>
              {t("contactsPage.emptyBody")}
            </EmptyState>
          )
        ) : (
          <>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("contactsPage.name")}</TableHead>
                  <TableHead className="hidden sm:table-cell">{t("contactsPage.phone")}</TableHead>
                  <TableHead className="hidden lg:table-cell">{t("contactsPage.email")}</TableHead>
                  <TableHead className="hidden md:table-cell">{t("contactsPage.tags")}</TableHead>
                  <TableHead className="hidden lg:table-cell">{t("contactsPage.created")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody className={page.isPlaceholderData ? "opacity-60" : undefined}>
                {page.data.items.map((c) => (
                  <TableRow
                    key={c.id}
                    className="cursor-pointer"
                    onClick={() => navigate(`/contacts/${c.id}`)}
                    data-testid={`contact-${c.name || c.phone}`}
                  >
                    <TableCell>
                      <a href={`/contacts/${c.id}`} onClick={(e) => e.preventDefault()} className="font-medium">
                        {c.name || "—"}
                      </a>
                      <p className="text-xs text-muted-foreground sm:hidden">{c.phone}</p>
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap sm:table-cell">{c.phone}</TableCell>
                    <TableCell className="hidden text-muted-foreground lg:table-cell">{c.email}</TableCell>
                    <TableCell className="hidden md:table-cell">
                      <div className="flex flex-wrap gap-1">
                        {c.tags.map((tg) => (
                          <Badge key={tg} variant="secondary">
                            {tg}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground lg:table-cell">{formatDate(c.created_at)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="flex items-center justify-between gap-2 border-t border-border p-3">
              <span className="text-sm text-muted-foreground" data-testid="contacts-page">
                {t("contactsPage.page", { page: pageIndex + 1 })}
              </span>
              <div className="flex gap-2">
                <Button variant="outline" size="sm" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  <ChevronLeft aria-hidden />
                  {t("contactsPage.previous")}
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={!page.data.next_cursor || page.isPlaceholderData}
                  onClick={() => setCursors((c) => [...c, page.data.next_cursor])}
                >
                  {t("contactsPage.next")}
                  <ChevronRight aria-hidden />
                </Button>
              </div>
            </div>
          </>
        )}
      </Card>
      <ContactPanel id={openId} onClose={() => navigate("/contacts")} canEdit={can(me.principal.role, "agent")} />
      <NewContactDialog open={dialog === "new"} onClose={() => setDialog(null)} />
      {admin && <ImportDialog open={dialog === "import"} onClose={() => setDialog(null)} />}
      {admin && <FieldsDialog open={dialog === "fields"} onClose={() => setDialog(null)} />}
    </div>
  );
}
