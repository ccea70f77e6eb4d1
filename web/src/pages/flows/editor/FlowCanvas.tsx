// The visual editor's canvas: nodes and edges derived from the YAML, and
// every gesture (drag a node, drop a step from the palette, connect two
// handles, delete) turned into an edit of the document.
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type Viewport,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Document } from "yaml";
import {
  addStep,
  connect,
  disconnect,
  END_NODE,
  removeStep,
  setPositions,
  TRIGGER_NODE,
  type Diagnostic,
  type FlowEdge,
  type FlowModel,
  type NewStep,
  type Pos,
} from "@/flows/flowDoc";
import { NODE_WIDTH } from "@/flows/layout";
import type { Catalog } from "@/flows/schema";
import { handlesOf, nodeTypes, useHandleLabel, type FlowNode } from "./nodes";

export const DRAG_TYPE = "application/x-masteria-step";

export type Highlight = { nodes: Set<string>; edges: Set<string>; status: Map<string, string> };

type Props = {
  model: FlowModel;
  edges: FlowEdge[];
  layout: Record<string, Pos>;
  catalog: Catalog | undefined;
  problems: Map<string, Diagnostic[]>;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
  highlight: Highlight | null;
  readOnly: boolean;
  /** Where the view was when the canvas was last shown (kept across YAML mode). */
  viewport: Viewport | null;
  onViewport: (v: Viewport) => void;
  /** edit changes the document; pin writes the shown positions of unplaced nodes first. */
  onEdit: (change: (doc: Document) => void, opts?: { pin?: boolean; select?: (doc: Document) => string | null }) => void;
};

const EDGE_COLOR: Record<string, string> = {
  on_error: "#ef4444",
  on_timeout: "#d97706",
  then: "#059669",
  else: "#e11d48",
};

export function FlowCanvas({ model, edges, layout, catalog, problems, selected, onSelect, highlight, readOnly, onEdit, viewport, onViewport }: Props) {
  const { t } = useTranslation();
  const handleLabel = useHandleLabel();
  const flow = useReactFlow();

  const showEnd = edges.some((e) => e.target === END_NODE);
  const derivedNodes = useMemo<FlowNode[]>(() => {
    const out: FlowNode[] = [
      {
        id: TRIGGER_NODE,
        type: "trigger",
        position: layout[TRIGGER_NODE] ?? { x: 0, y: 0 },
        data: { trigger: model.trigger, problems: problems.get(TRIGGER_NODE) ?? [], highlighted: !!highlight },
        deletable: false,
        selected: selected === TRIGGER_NODE,
      },
    ];
    for (const s of model.steps) {
      out.push({
        id: s.nodeId,
        type: "step",
        position: layout[s.nodeId] ?? { x: 0, y: 0 },
        data: {
          step: s,
          handles: handlesOf(s, !!(s.uses && catalog?.byUses.get(s.uses)?.waits)),
          problems: problems.get(s.nodeId) ?? [],
          highlighted: !!highlight?.nodes.has(s.nodeId),
          dimmed: !!highlight && !highlight.nodes.has(s.nodeId),
          traceStatus: highlight?.status.get(s.nodeId),
        },
        selected: selected === s.nodeId,
        deletable: !readOnly,
      });
    }
    if (showEnd) {
      out.push({
        id: END_NODE,
        type: "end",
        position: layout[END_NODE] ?? { x: 0, y: 0 },
        data: { highlighted: !!highlight?.nodes.has(END_NODE) },
        deletable: false,
      });
    }
    return out;
  }, [model, layout, problems, selected, highlight, catalog, readOnly, showEnd]);

  const derivedEdges = useMemo<Edge[]>(
    () =>
      edges.map((e) => {
        const on = highlight?.edges.has(e.id) ?? false;
        const color = on ? "#0f766e" : (EDGE_COLOR[e.sourceHandle] ?? "#94a3b8");
        const side = e.sourceHandle === "on_error" || e.sourceHandle === "on_timeout";
        return {
          id: e.id,
          source: e.source,
          sourceHandle: e.sourceHandle,
          target: e.target,
          type: "smoothstep",
          animated: on,
          deletable: !readOnly && e.sourceHandle !== "start",
          label: side ? handleLabel(e.sourceHandle) : undefined,
          labelStyle: { fontSize: 10, fill: color, fontWeight: 600 },
          labelBgStyle: { fill: "#ffffff" },
          labelBgPadding: [4, 2] as [number, number],
          style: {
            stroke: color,
            strokeWidth: on ? 2.5 : 1.5,
            strokeDasharray: e.implicit ? "5 4" : undefined,
            opacity: highlight && !on ? 0.45 : 1,
          },
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
          data: { implicit: e.implicit },
        };
      }),
    [edges, highlight, readOnly, handleLabel],
  );

  // Local copies so dragging is smooth; the YAML is written when a drag ends.
  const [nodes, setNodes] = useState<FlowNode[]>(derivedNodes);
  const [rfEdges, setEdges] = useState<Edge[]>(derivedEdges);
  useEffect(() => setNodes(derivedNodes), [derivedNodes]);
  useEffect(() => setEdges(derivedEdges), [derivedEdges]);

  // Fit the view when the flow first appears.
  const [fitted, setFitted] = useState(viewport !== null);
  // settled says the first fit is done, so the nodes stay where they are drawn (tests wait for it).
  const [settled, setSettled] = useState(viewport !== null);
  useEffect(() => {
    if (fitted || nodes.length === 0) return;
    const id = requestAnimationFrame(() => {
      void flow.fitView({ padding: 0.2, maxZoom: 1 }).then(() => (onViewport(flow.getViewport()), setSettled(true)));
      setFitted(true);
    });
    return () => cancelAnimationFrame(id);
  }, [fitted, nodes.length, flow]);

  const indexOf = (nodeId: string) => model.steps.find((s) => s.nodeId === nodeId)?.index;
  const refOf = (nodeId: string) => (nodeId === END_NODE ? "end" : model.steps.find((s) => s.nodeId === nodeId)?.id);

  function onNodesChange(changes: NodeChange<FlowNode>[]) {
    // selection is ours (onSelect); removals go through onNodesDelete
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== "select" && c.type !== "remove"), ns));
  }

  function onEdgesChange(changes: EdgeChange[]) {
    setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== "remove"), es));
  }

  function onConnect(c: Connection) {
    if (readOnly) return;
    const i = indexOf(c.source);
    const target = refOf(c.target);
    if (i === undefined || !target || !c.sourceHandle) return;
    onEdit((doc) => connect(doc, i, c.sourceHandle as never, target), { pin: true });
  }

  function isValidConnection(c: Connection | Edge) {
    return c.target !== TRIGGER_NODE && c.source !== END_NODE && c.source !== TRIGGER_NODE;
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    if (readOnly) return;
    const raw = e.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return;
    const spec = JSON.parse(raw) as NewStep;
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const at = { x: p.x - NODE_WIDTH / 2, y: p.y - 30 };
    let id = "";
    onEdit(
      (doc) => {
        id = addStep(doc, spec, at);
      },
      { pin: true, select: () => id },
    );
  }

  return (
    <div className="h-full w-full" onDragOver={(e) => {
      if (e.dataTransfer.types.includes(DRAG_TYPE)) {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      }
    }} onDrop={onDrop} data-testid="flow-canvas" data-settled={settled}>
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={rfEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeClick={(_, n) => onSelect(n.id === END_NODE ? null : n.id)}
        onPaneClick={() => onSelect(null)}
        defaultViewport={viewport ?? undefined}
        onMoveEnd={(_, v) => onViewport(v)}
        onNodeDragStop={(_, node, dragged) => {
          if (readOnly) return;
          const moved: Record<string, Pos> = {};
          for (const n of dragged.length ? dragged : [node]) moved[n.id] = n.position;
          onEdit((doc) => setPositions(doc, moved), { pin: true });
        }}
        onNodesDelete={(ns) => {
          const idx = ns.map((n) => indexOf(n.id)).filter((i): i is number => i !== undefined).sort((a, b) => b - a);
          if (idx.length) onEdit((doc) => idx.forEach((i) => removeStep(doc, i)), { pin: true, select: () => null });
        }}
        onEdgesDelete={(es) => {
          onEdit((doc) => {
            for (const e of es) {
              const i = indexOf(e.source);
              if (i !== undefined && e.sourceHandle) disconnect(doc, i, e.sourceHandle as never);
            }
          }, { pin: true });
        }}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
        minZoom={0.25}
        maxZoom={1.75}
        snapToGrid
        snapGrid={[8, 8]}
        proOptions={{ hideAttribution: true }}
        aria-label={t("editor.canvas")}
        defaultEdgeOptions={{ type: "smoothstep" }}
        connectionLineStyle={{ stroke: "#0f766e", strokeWidth: 2 }}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          className="!hidden !rounded-lg !border !border-border !shadow-sm min-[1500px]:!block"
          nodeColor={(n) => (n.type === "trigger" ? "#0f766e" : n.type === "end" ? "#1e293b" : "#e2e8f0")}
          maskColor="rgba(241,245,249,0.7)"
        />
      </ReactFlow>
    </div>
  );
}
