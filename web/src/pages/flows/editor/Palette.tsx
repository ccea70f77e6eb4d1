// The palette: every step kind the server's flow schema declares (core
// actions and, later, the plugins'), grouped; drag onto the canvas or click.
import { Search } from "lucide-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { NewStep } from "@/flows/flowDoc";
import { defaultInputs, type Catalog } from "@/flows/schema";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { actionHelp, actionLabel, GROUP_ORDER, lookOf, type Group } from "../labels";
import { DRAG_TYPE } from "./FlowCanvas";

type Item = { key: string; spec: NewStep; help: string };

export function paletteItems(catalog: Catalog): Item[] {
  const items: Item[] = [
    { key: "branch", spec: { kind: "branch", if: 'message.text != ""' }, help: "" },
    { key: "switch", spec: { kind: "switch" }, help: "" },
  ];
  for (const a of catalog.actions) {
    items.push({ key: a.uses, spec: { kind: "action", uses: a.uses, with: defaultInputs(a) }, help: a.description });
  }
  return items;
}

export function Palette({ catalog, onAdd, disabled, className }: { catalog: Catalog; onAdd: (spec: NewStep) => void; disabled?: boolean; className?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const by = new Map<Group, Item[]>();
    for (const it of paletteItems(catalog)) {
      const label = actionLabel(t, it.key);
      if (needle && !`${label} ${it.key}`.toLowerCase().includes(needle)) continue;
      const g = lookOf(it.key).group;
      by.set(g, [...(by.get(g) ?? []), it]);
    }
    return GROUP_ORDER.filter((g) => by.has(g)).map((g) => ({ group: g, items: by.get(g)! }));
  }, [catalog, q, t]);

  return (
    <div className={cn("flex min-h-0 flex-col", className)} aria-label={t("editor.palette.title")} role="region">
      <div className="grid gap-2 border-b border-border p-3">
        <div className="flex items-baseline justify-between">
          <h2 className="text-sm font-semibold">{t("editor.palette.title")}</h2>
        </div>
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("editor.palette.search")} className="h-8 pl-8 text-[13px]" aria-label={t("editor.palette.search")} />
        </div>
        <p className="text-[11px] leading-snug text-muted-foreground">{t("editor.palette.hint")}</p>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {groups.length === 0 && <p className="p-3 text-center text-xs text-muted-foreground">{t("editor.palette.none")}</p>}
        {groups.map(({ group, items }) => (
          <section key={group} className="mb-3">
            <h3 className="px-2 pb-1 text-[10px] font-semibold uppercase tracking-wider text-muted-foreground">{t(`editor.palette.groups.${group}`)}</h3>
            <ul className="grid gap-0.5">
              {items.map((it) => {
                const look = lookOf(it.key);
                const Icon = look.icon;
                const label = actionLabel(t, it.key);
                return (
                  <li key={it.key}>
                    <button
                      type="button"
                      draggable={!disabled}
                      disabled={disabled}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(it.spec));
                        e.dataTransfer.effectAllowed = "copy";
                      }}
                      onClick={() => onAdd(it.spec)}
                      className="group flex w-full cursor-grab items-center gap-2.5 rounded-lg px-2 py-1.5 text-left transition-colors hover:bg-muted active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50"
                      title={actionHelp(t, it.key, it.help) || it.key}
                      aria-label={t("editor.palette.add", { name: label })}
                      data-testid={`palette-${it.key}`}
                    >
                      <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-md", look.tone)}>
                        <Icon className="size-3.5" aria-hidden />
                      </span>
                      <span className="grid min-w-0">
                        <span className="truncate text-[13px] font-medium">{label}</span>
                        <code className="truncate font-mono text-[10px] text-muted-foreground">{it.key === "branch" ? "if / then / else" : it.key === "switch" ? "switch / cases" : it.key}</code>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
