// The flow editor (its own lazy chunk, with React Flow and the YAML
// library). The draft's YAML text is the one source of truth: the canvas,
// the forms and the YAML tab all read it, and every edit writes it.
import { ReactFlowProvider, type Viewport } from "@xyflow/react";
import {
  ArrowLeft,
  CircleAlert,
  CircleCheck,
  Code2,
  EllipsisVertical,
  FlaskConical,
  History,
  ListTree,
  LoaderCircle,
  Play,
  Plus,
  Redo2,
  Rocket,
  Save,
  Undo2,
  Workflow,
} from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "yaml";
import { isApiError } from "@/api/client";
import { can } from "@/api/types";
import { Link, navigate } from "@/app/router";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { ErrorState, Spinner } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import {
  lintFlow,
  useFlow,
  useFlowSchema,
  usePublishFlow,
  useSaveFlow,
  useTestFlow,
  type Draft,
  type TestGiven,
  type TestResult,
} from "@/features/flows";
import { errorDetail, toastError } from "@/features/queryClient";
import { useSession } from "@/features/session";
import {
  addStep,
  END_NODE,
  flowEdges,
  nodeOfDiagnostic,
  parseFlow,
  readFlow,
  editFlow,
  setPositions,
  TRIGGER_NODE,
  type Diagnostic,
  type FlowModel,
  type NewStep,
  type Pos,
} from "@/flows/flowDoc";
import { layoutFlow, NODE_WIDTH } from "@/flows/layout";
import { publishProblems } from "@/flows/lintMessage";
import { buildCatalog, type Catalog, type JSONSchema } from "@/flows/schema";
import { cn } from "@/lib/utils";
import { StartRunDialog } from "./StartRunDialog";
import { FlowCanvas, type Highlight } from "./editor/FlowCanvas";
import { Palette } from "./editor/Palette";
import { ProblemsList } from "./editor/ProblemsList";
import { StepList } from "./editor/StepList";
import { StepPanel } from "./editor/StepPanel";
import { TestPanel } from "./editor/TestPanel";
import { VersionsDialog } from "./editor/VersionsDialog";
import { YamlEditor, type YamlEditorHandle } from "./editor/YamlEditor";

type Mode = "visual" | "yaml";
type PanelTab = "properties" | "problems" | "tests";

const NARROW = "(max-width: 767px)";

function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (l) => {
      const m = window.matchMedia(query);
      m.addEventListener("change", l);
      return () => m.removeEventListener("change", l);
    },
    () => window.matchMedia(query).matches,
  );
}

export default function FlowEditorPage({ id }: { id: string }) {
  const flow = useFlow(id);
  const schema = useFlowSchema();
  const catalog = useMemo(() => (schema.data ? buildCatalog(schema.data as JSONSchema) : undefined), [schema.data]);
  if (flow.isPending || (schema.isPending && !schema.isError)) return <Spinner className="h-full py-24" />;
  if (flow.isError) return <ErrorState error={flow.error} onRetry={() => void flow.refetch()} />;
  if (schema.isError || !catalog) return <ErrorState error={schema.error} onRetry={() => void schema.refetch()} />;
  return (
    <ReactFlowProvider>
      <Editor key={id} id={id} draft={flow.data} catalog={catalog} />
    </ReactFlowProvider>
  );
}

/** useHistory keeps undo/redo snapshots of the text; quick successive edits (typing) share one. */
function useHistory(initial: string) {
  const [text, setText] = useState(initial);
  const past = useRef<string[]>([]);
  const future = useRef<string[]>([]);
  const last = useRef(0);
  const [, bump] = useState(0);
  const current = useRef(initial);
  current.current = text;
  const apply = useCallback((next: string) => {
    const prev = current.current;
    if (next === prev) return;
    const now = Date.now();
    if (now - last.current > 700) past.current = [...past.current.slice(-99), prev];
    last.current = now;
    future.current = [];
    current.current = next;
    setText(next);
    bump((n) => n + 1);
  }, []);
  const undo = useCallback(() => {
    const prev = past.current.pop();
    if (prev === undefined) return;
    future.current.push(current.current);
    last.current = 0;
    current.current = prev;
    setText(prev);
    bump((n) => n + 1);
  }, []);
  const redo = useCallback(() => {
    const next = future.current.pop();
    if (next === undefined) return;
    past.current.push(current.current);
    last.current = 0;
    current.current = next;
    setText(next);
    bump((n) => n + 1);
  }, []);
  return { text, current, apply, undo, redo, canUndo: past.current.length > 0, canRedo: future.current.length > 0 };
}

function Editor({ id, draft, catalog }: { id: string; draft: Draft; catalog: Catalog }) {
  const { t } = useTranslation();
  const me = useSession();
  const readOnly = !can(me.principal.role, "admin");
  const narrow = useMedia(NARROW);
  const initial = draft.draft ?? "";
  const { text, current, apply, undo, redo, canUndo, canRedo } = useHistory(initial);
  const [saved, setSaved] = useState(initial);
  const dirty = text !== saved;
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>(draft.diagnostics ?? []);
  const [checking, setChecking] = useState(false);
  const [mode, setMode] = useState<Mode>("visual");
  const [tab, setTab] = useState<PanelTab>("properties");
  const [panelOpen, setPanelOpen] = useState(false); // phones: the panel is a sheet
  const [selected, setSelected] = useState<string | null>(null);
  const [refused, setRefused] = useState<Record<string, string> | null>(null);
  const [results, setResults] = useState<TestResult[] | null>(null);
  const [testError, setTestError] = useState<unknown>(null);
  const [shownTest, setShownTest] = useState<number | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [runOpen, setRunOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const yamlRef = useRef<YamlEditorHandle>(null);
  const viewport = useRef<Viewport | null>(null);
  const save = useSaveFlow(id);
  const publish = usePublishFlow(id);
  const test = useTestFlow(id);
  const file = `${draft.name ?? "flow"}.yaml`;

  // --- the document, its graph and layout
  const parsed = useMemo(() => parseFlow(text), [text]);
  const lastGood = useRef<FlowModel | null>(null);
  const model = useMemo(() => {
    if (parsed.error) return null;
    const m = readFlow(parsed.doc);
    lastGood.current = m;
    return m;
  }, [parsed]);
  const edges = useMemo(() => (model ? flowEdges(model) : []), [model]);
  const layout = useMemo(() => (model ? layoutFlow(model, edges) : {}), [model, edges]);
  const layoutRef = useRef<Record<string, Pos>>({});
  layoutRef.current = layout;

  // --- lint as you type
  const linted = useRef(initial);
  useEffect(() => {
    if (text === linted.current) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setChecking(true);
      lintFlow(text, file, ctl.signal)
        .then((r) => {
          linted.current = text;
          setDiagnostics(r.diagnostics);
        })
        .catch(() => {})
        .finally(() => {
          if (!ctl.signal.aborted) setChecking(false);
        });
    }, 350);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, file]);

  const problems = useMemo(() => {
    const m = new Map<string, Diagnostic[]>();
    if (!model) return m;
    for (const d of diagnostics) {
      const n = nodeOfDiagnostic(model, d);
      if (n) m.set(n, [...(m.get(n) ?? []), d]);
    }
    return m;
  }, [diagnostics, model]);
  const flowProblems = useMemo(() => (model ? diagnostics.filter((d) => !nodeOfDiagnostic(model, d)) : []), [diagnostics, model]);

  // --- edits
  const edit = useCallback(
    (change: (doc: Document) => void, opts?: { pin?: boolean; select?: (doc: Document) => string | null }) => {
      if (parseFlow(current.current).error) return;
      try {
        let sel: string | null = null;
        const next = editFlow(current.current, (doc) => {
          if (opts?.pin) {
            // the first visual edit fixes where the auto-placed nodes are shown
            const m = readFlow(doc);
            const missing: Record<string, Pos> = {};
            for (const [nodeId, pos] of Object.entries(layoutRef.current)) {
              if (m.positions[nodeId]) continue;
              if (nodeId === END_NODE && !flowEdges(m).some((e) => e.target === END_NODE)) continue;
              missing[nodeId] = pos;
            }
            if (Object.keys(missing).length) setPositions(doc, missing);
          }
          change(doc);
          if (opts?.select) sel = opts.select(doc);
        });
        apply(next);
        if (opts?.select) {
          setSelected(sel);
          if (sel) setTab("properties");
        }
      } catch (e) {
        toastError(e);
      }
    },
    [apply, current],
  );

  function addFromPalette(spec: NewStep) {
    if (!model) return;
    const ys = Object.values(layout).map((p) => p.y);
    const sel = selected ? layout[selected] : undefined;
    const at = sel ? { x: sel.x, y: sel.y + 150 } : { x: -NODE_WIDTH / 2, y: (ys.length ? Math.max(...ys) : 0) + 150 };
    let newId = "";
    edit(
      (doc) => {
        newId = addStep(doc, spec, at);
      },
      { pin: true, select: () => newId },
    );
    setPaletteOpen(false);
    if (narrow) setPanelOpen(true);
  }

  // --- save, publish, test
  async function saveNow(): Promise<boolean> {
    if (!dirty) return true;
    const sent = text;
    try {
      const d = await save.mutateAsync(sent);
      setSaved(sent);
      linted.current = sent;
      setDiagnostics(d.diagnostics);
      return true;
    } catch {
      return false;
    }
  }

  async function onSave() {
    if (await saveNow()) toast.success(t("editor.saved"));
  }

  async function onPublish() {
    if (!(await saveNow())) return;
    publish.mutate(undefined, {
      onSuccess: (v) => {
        setRefused(null);
        toast.success(t("editor.published", { version: v.version }));
      },
      onError: (e) => {
        if (isApiError(e) && Object.keys(e.fields).length > 0) {
          setRefused(publishProblems(e));
          setTab("problems");
          setPanelOpen(true);
          toast.error(t("editor.publishRefused"), errorDetail(e));
        } else toastError(e);
      },
    });
  }

  async function onTest(given: TestGiven) {
    setTab("tests");
    if (!(await saveNow())) return;
    test.mutate(given, {
      onSuccess: (r) => {
        setTestError(null);
        setResults(r.items);
        const failing = r.items.findIndex((x) => !x.passed);
        setShownTest(failing >= 0 ? failing : 0);
      },
      onError: (e) => {
        setResults(null);
        setTestError(e);
        setShownTest(null);
      },
    });
  }

  function openTests() {
    setTab("tests");
    setPanelOpen(true);
  }

  // --- the highlighted test path
  const highlight = useMemo<Highlight | null>(() => {
    const r = shownTest !== null ? results?.[shownTest] : undefined;
    if (!r || !model || tab !== "tests") return null;
    const byId = new Map(model.steps.map((s) => [s.id, s.nodeId]));
    const nodes = new Set<string>();
    const hEdges = new Set<string>();
    const path = r.path.map((p) => byId.get(p)).filter((n): n is string => !!n);
    path.forEach((n) => nodes.add(n));
    const chain = [TRIGGER_NODE, ...path];
    if (r.status === "completed") chain.push(END_NODE);
    for (let i = 0; i + 1 < chain.length; i++) {
      const e = edges.find((x) => x.source === chain[i] && x.target === chain[i + 1]);
      if (e) hEdges.add(e.id);
    }
    if (r.status === "completed" && chain.length > 1) nodes.add(END_NODE);
    const status = new Map<string, string>();
    for (const s of r.trace) {
      const n = byId.get(s.step_id);
      if (n) status.set(n, s.status);
    }
    return { nodes, edges: hEdges, status };
  }, [shownTest, results, model, edges, tab]);

  // --- keyboard and leaving
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const mod = e.metaKey || e.ctrlKey;
      if (!mod) return;
      const k = e.key.toLowerCase();
      if (k === "s") {
        e.preventDefault();
        if (!readOnly) void onSave();
        return;
      }
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      if (k === "z" && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((k === "z" && e.shiftKey) || k === "y") {
        e.preventDefault();
        redo();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });
  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", h);
    return () => window.removeEventListener("beforeunload", h);
  }, [dirty]);

  function select(nodeId: string | null) {
    setSelected(nodeId);
    if (nodeId) {
      setTab("properties");
      if (narrow) setPanelOpen(true);
    }
  }

  function pickProblem(d: Diagnostic) {
    if (mode === "yaml" || !model) {
      setMode("yaml");
      requestAnimationFrame(() => yamlRef.current?.goTo(d.line, d.col));
      if (narrow) setPanelOpen(false);
      return;
    }
    const n = nodeOfDiagnostic(model, d);
    if (n) select(n);
    else {
      setMode("yaml");
      requestAnimationFrame(() => yamlRef.current?.goTo(d.line, d.col));
    }
  }

  const nodeLabel = (d: Diagnostic) => {
    if (!model) return undefined;
    const n = nodeOfDiagnostic(model, d);
    if (n === TRIGGER_NODE) return t("editor.trigger");
    return model.steps.find((s) => s.nodeId === n)?.id;
  };

  const title = model?.title || lastGood.current?.title || draft.title || draft.name || "";
  const published = (draft.published_version ?? 0) > 0;
  const count = diagnostics.length;

  const problemsButton = (
    <button
      type="button"
      onClick={() => {
        setTab("problems");
        setPanelOpen(true);
      }}
      className={cn(
        "inline-flex h-8 items-center gap-1.5 rounded-full px-2.5 text-xs font-medium transition-colors",
        count ? "bg-red-50 text-red-700 hover:bg-red-100" : "bg-emerald-50 text-emerald-700 hover:bg-emerald-100",
      )}
      data-testid="problem-count"
      data-count={count}
      aria-live="polite"
    >
      {checking ? <LoaderCircle className="size-3.5 animate-spin" aria-hidden /> : count ? <CircleAlert className="size-3.5" aria-hidden /> : <CircleCheck className="size-3.5" aria-hidden />}
      {count ? t("editor.problemsCount", { count }) : t("editor.noProblems")}
    </button>
  );

  const modeSwitch = (
    <div className="inline-flex rounded-lg border border-border bg-muted p-0.5" role="tablist" aria-label={t("editor.mode")}>
      {(["visual", "yaml"] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="tab"
          aria-selected={mode === m}
          onClick={() => setMode(m)}
          className={cn(
            "inline-flex h-7 items-center gap-1.5 rounded-md px-3 text-xs font-medium transition-colors",
            mode === m ? "bg-card text-foreground shadow-xs" : "text-muted-foreground hover:text-foreground",
          )}
        >
          {m === "visual" ? <Workflow className="size-3.5" aria-hidden /> : <Code2 className="size-3.5" aria-hidden />}
          {t(`editor.${m}`)}
        </button>
      ))}
    </div>
  );

  const panel = (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex shrink-0 border-b border-border px-2" role="tablist" aria-label={t("editor.panel.properties")}>
        {(["properties", "problems", "tests"] as const).map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            aria-selected={tab === p}
            onClick={() => setTab(p)}
            className={cn(
              "relative inline-flex h-10 items-center gap-1.5 px-3 text-[13px] font-medium transition-colors",
              tab === p ? "text-foreground after:absolute after:inset-x-2 after:bottom-0 after:h-0.5 after:rounded-full after:bg-primary" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {t(`editor.panel.${p}`)}
            {p === "problems" && count > 0 && <span className="rounded-full bg-destructive px-1.5 text-[10px] font-semibold text-white">{count}</span>}
            {p === "tests" && results && (
              <span className={cn("size-2 rounded-full", results.every((r) => r.passed) ? "bg-emerald-500" : "bg-destructive")} aria-hidden />
            )}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto overflow-x-hidden">
        {tab === "properties" &&
          (model ? (
            <StepPanel model={model} selected={selected} catalog={catalog} problems={problems} flowProblems={flowProblems} onEdit={edit} onSelect={select} readOnly={readOnly} />
          ) : (
            <p className="p-4 text-sm text-muted-foreground">{t("editor.syntaxTitle")}</p>
          ))}
        {tab === "problems" && <ProblemsList diagnostics={diagnostics} refused={refused} onPick={pickProblem} nodeLabel={nodeLabel} />}
        {tab === "tests" && (
          <TestPanel
            results={results}
            error={testError}
            running={test.isPending || save.isPending}
            onRun={(g) => void onTest(g)}
            selected={shownTest}
            onSelect={setShownTest}
            onStep={(sid) => {
              const n = model?.steps.find((s) => s.id === sid)?.nodeId;
              if (n && mode === "visual") setSelected(n);
            }}
          />
        )}
      </div>
    </div>
  );

  const visual = !model ? (
    <div className="flex h-full items-center justify-center p-6">
      <div className="grid max-w-md justify-items-center gap-3 rounded-xl border border-red-200 bg-card p-6 text-center shadow-sm" role="alert">
        <CircleAlert className="size-8 text-destructive" aria-hidden />
        <p className="font-semibold">{t("editor.syntaxTitle")}</p>
        <p className="text-sm text-muted-foreground">{t("editor.syntaxBody", { line: parsed.error?.line ?? "?", message: parsed.error?.message ?? "" })}</p>
        <Button variant="outline" onClick={() => setMode("yaml")}>
          <Code2 aria-hidden />
          {t("editor.openYaml")}
        </Button>
      </div>
    </div>
  ) : narrow ? (
    <div className="h-full overflow-y-auto">
      <StepList model={model} edges={edges} problems={problems} selected={selected} highlight={highlight} onSelect={select} />
      {!readOnly && (
        <div className="px-3 pb-6">
          <Button variant="outline" className="w-full" onClick={() => setPaletteOpen(true)}>
            <Plus aria-hidden />
            {t("editor.addStep")}
          </Button>
        </div>
      )}
    </div>
  ) : (
    <FlowCanvas
      model={model}
      edges={edges}
      layout={layout}
      catalog={catalog}
      problems={problems}
      selected={selected}
      onSelect={select}
      highlight={highlight}
      readOnly={readOnly}
      onEdit={edit}
      viewport={viewport.current}
      onViewport={(v) => {
        viewport.current = v;
      }}
    />
  );

  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 flex-col" data-testid="flow-editor" data-dirty={dirty || undefined}>
      <header className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-border bg-card px-3 py-2 sm:px-4">
        <Button variant="ghost" size="icon-sm" asChild>
          <Link to="/flows" aria-label={t("editor.back")} title={t("editor.back")}>
            <ArrowLeft />
          </Link>
        </Button>
        <div className="grid min-w-0 flex-1 overflow-hidden sm:flex-none">
          <div className="flex min-w-0 items-center gap-2">
            <h1 className="min-w-0 truncate text-[15px] font-semibold tracking-tight" title={title}>
              {title}
            </h1>
            {published ? (
              <Badge variant="success" className="shrink-0" data-testid="published-version">
                {t("flows.versionN", { version: draft.published_version })}
              </Badge>
            ) : (
              <Badge variant="outline" className="shrink-0">
                {t("flows.notPublished")}
              </Badge>
            )}
          </div>
          <div className="flex items-center gap-2 text-[11px] text-muted-foreground">
            <code className="truncate font-mono">{draft.name}</code>
            <span className="inline-flex items-center gap-1" data-testid="save-state">
              <span className={cn("size-1.5 rounded-full", dirty ? "bg-amber-500" : "bg-emerald-500")} aria-hidden />
              {dirty ? t("editor.unsaved") : t("editor.upToDate")}
            </span>
          </div>
        </div>
        <div className="order-last flex w-full items-center justify-between gap-2 md:order-none md:ml-4 md:w-auto md:justify-start">
          {modeSwitch}
          {problemsButton}
        </div>
        <div className="ml-auto flex shrink-0 items-center gap-1.5">
          {!readOnly && (
            <div className="hidden items-center lg:flex">
              <Button variant="ghost" size="icon-sm" onClick={undo} disabled={!canUndo} aria-label={t("editor.undo")} title={`${t("editor.undo")} (Ctrl+Z)`}>
                <Undo2 />
              </Button>
              <Button variant="ghost" size="icon-sm" onClick={redo} disabled={!canRedo} aria-label={t("editor.redo")} title={`${t("editor.redo")} (Ctrl+Shift+Z)`}>
                <Redo2 />
              </Button>
            </div>
          )}
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon-sm" aria-label={t("editor.more")}>
                <EllipsisVertical />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem onSelect={() => setVersionsOpen(true)}>
                <History />
                {t("editor.versions")}
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={() => navigate(`/flows/${id}/runs`)}>
                <ListTree />
                {t("editor.runs")}
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => setRunOpen(true)}>
                <Play />
                {t("editor.startRun")}
              </DropdownMenuItem>
              <DropdownMenuItem className="sm:hidden" onSelect={openTests}>
                <FlaskConical />
                {t("editor.test")}
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
          <Button variant="outline" size="sm" className="hidden sm:inline-flex" onClick={openTests}>
            <FlaskConical aria-hidden />
            {t("editor.test")}
          </Button>
          {!readOnly && (
            <>
              <Button variant="outline" size="sm" onClick={() => void onSave()} loading={save.isPending && !publish.isPending} disabled={!dirty}>
                <Save aria-hidden />
                <span className="max-sm:sr-only">{t("editor.save")}</span>
              </Button>
              <Button size="sm" onClick={() => void onPublish()} loading={publish.isPending}>
                <Rocket aria-hidden />
                <span className="max-sm:sr-only">{t("editor.publish")}</span>
              </Button>
            </>
          )}
        </div>
      </header>

      <div className="flex min-h-0 flex-1">
        {mode === "visual" && !narrow && model && (
          <aside className="hidden w-56 shrink-0 border-r border-border bg-card md:flex">
            <Palette catalog={catalog} onAdd={addFromPalette} disabled={readOnly} className="w-full" />
          </aside>
        )}
        <div className="relative min-w-0 flex-1 bg-slate-50">
          {mode === "visual" ? (
            visual
          ) : (
            <YamlEditor ref={yamlRef} value={text} onChange={apply} diagnostics={diagnostics} syntaxError={parsed.error} readOnly={readOnly} />
          )}
        </div>
        {!narrow && <aside className="flex w-[340px] shrink-0 flex-col border-l border-border bg-card 2xl:w-[380px]">{panel}</aside>}
      </div>

      {narrow && (
        <Sheet open={panelOpen} onOpenChange={setPanelOpen} title={t("editor.panel.properties")}>
          {panel}
        </Sheet>
      )}
      {narrow && (
        <Sheet open={paletteOpen} onOpenChange={setPaletteOpen} title={t("editor.palette.title")}>
          <Palette catalog={catalog} onAdd={addFromPalette} disabled={readOnly} className="h-full" />
        </Sheet>
      )}
      <VersionsDialog
        flowId={id}
        open={versionsOpen}
        onOpenChange={setVersionsOpen}
        onRestore={
          readOnly
            ? undefined
            : (v) => {
                apply(v.source);
                setVersionsOpen(false);
                toast.show(t("editor.versionList.restored", { version: v.version }));
              }
        }
      />
      <StartRunDialog flowId={id} flowName={title} open={runOpen} onOpenChange={setRunOpen} published={published} />
    </div>
  );
}

/** Sheet is the phone's bottom panel. */
function Sheet({ open, onOpenChange, title, children }: { open: boolean; onOpenChange: (o: boolean) => void; title: string; children: ReactNode }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="top-auto bottom-0 h-[85dvh] max-w-none translate-y-0 gap-0 overflow-hidden rounded-b-none p-0 pt-2 [&>button]:top-3" aria-describedby={undefined}>
        <DialogTitle className="sr-only">{title}</DialogTitle>
        <DialogDescription className="sr-only">{title}</DialogDescription>
        <div className="min-h-0 pt-6">{children}</div>
      </DialogContent>
    </Dialog>
  );
}
