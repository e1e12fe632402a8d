// Draws a (capped) network with sigma.js over graphology, laid out by ForceAtlas2 in a worker.
// Labels are drawn by sigma on its canvas (text, never HTML); the hover card uses textContent.
import Graph from "graphology";
import Sigma from "sigma";
import { h, replace, notice } from "./dom";
import { testHooks } from "./view";

export interface NetNode { id: string; label: string; size: number; color: string; x?: number; y?: number; title?: string[]; forceLabel?: boolean }
export interface NetEdge { source: string; target: string; color?: string; size?: number }

/** Most nodes this app ever draws. */
export const MAX_NODES = 2000;

export interface DrawnNetwork { kill(): void }

function layout(nodes: NetNode[], edges: NetEdge[], iterations: number, signal: AbortSignal): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    const stop = () => { worker.terminate(); reject(new DOMException("aborted", "AbortError")); };
    signal.addEventListener("abort", stop, { once: true });
    worker.onmessage = (e: MessageEvent<Float64Array>) => { signal.removeEventListener("abort", stop); worker.terminate(); resolve(e.data); };
    worker.onerror = (e) => { signal.removeEventListener("abort", stop); worker.terminate(); reject(new Error("layout failed: " + e.message)); };
    worker.postMessage({
      nodes: nodes.map((n) => ({ id: n.id, x: n.x ?? 0, y: n.y ?? 0, size: n.size })),
      edges: edges.map((e) => [e.source, e.target]),
      iterations,
    });
  });
}

export function webgl2Available(): boolean {
  try { return !!document.createElement("canvas").getContext("webgl2"); } catch { return false; }
}

/**
 * Lays out and draws the network in `container`. Nodes beyond MAX_NODES are refused (the caller
 * caps them). Sets `data-nodes`/`data-edges` on the container and window.__influencegraph.network
 * once sigma has rendered.
 */
export async function drawNetwork(container: HTMLElement, nodes: NetNode[], edges: NetEdge[],
  opts: { signal: AbortSignal; iterations?: number; onClick?: (id: string) => void; preset?: boolean }): Promise<DrawnNetwork> {
  if (nodes.length > MAX_NODES) throw new Error(`refusing to draw ${nodes.length} nodes (at most ${MAX_NODES})`);
  container.classList.add("network");
  replace(container, notice("info", `Laying out ${nodes.length.toLocaleString("en-US")} accounts…`));
  if (!webgl2Available()) {
    replace(container, notice("unavailable", "This browser cannot draw the network: WebGL 2 is not available."));
    return { kill() {} };
  }
  // Seeded start on a golden-angle spiral (deterministic pictures for the same data).
  nodes.forEach((n, i) => {
    if (n.x === undefined || n.y === undefined) {
      const r = Math.sqrt(i + 1) * 10, a = i * 2.399963;
      n.x = r * Math.cos(a); n.y = r * Math.sin(a);
    }
  });
  if (!opts.preset && nodes.length > 1) {
    const pos = await layout(nodes, edges, opts.iterations ?? (nodes.length > 1000 ? 150 : 300), opts.signal);
    nodes.forEach((n, i) => { n.x = pos[2 * i]; n.y = pos[2 * i + 1]; });
  }
  const g = new Graph({ type: "directed", multi: false, allowSelfLoops: false });
  for (const n of nodes) if (!g.hasNode(n.id)) g.addNode(n.id, { x: n.x, y: n.y, size: n.size, color: n.color, label: n.label, forceLabel: n.forceLabel === true });
  for (const e of edges)
    if (e.source !== e.target && g.hasNode(e.source) && g.hasNode(e.target) && !g.hasEdge(e.source, e.target))
      g.addEdge(e.source, e.target, { color: e.color ?? "#c9ced6", size: e.size ?? 0.6 });

  replace(container);
  const stage = h("div", { class: "network-stage", "data-testid": "network" });
  const card = h("div", { class: "network-card", hidden: true });
  container.append(stage, card);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const sigma = new Sigma(g, stage, {
    // The default node styles, plus labels always shown for nodes marked forceLabel (candidates, guests, spheres).
    styles: {
      nodes: {
        depth: { whenState: "isHovered", then: "topNodes", else: "nodes" },
        x: { attribute: "x" }, y: { attribute: "y" },
        size: { attribute: "size", defaultValue: 4 },
        color: { attribute: "color", defaultValue: "#666" },
        label: { attribute: "label" },
        labelVisibility: { whenState: "isHovered", then: "visible", else: { whenData: "forceLabel", then: "visible", else: "auto" } },
      },
    } as never,
    settings: { itemSizesReference: "screen", renderLabels: true, labelRenderedSizeThreshold: 7, labelDensity: 0.5, hideEdgesOnMove: g.size > 5000, enableNodeDrag: false },
  });
  let renders = 0;
  sigma.on("afterRender", () => {
    renders++;
    stage.dataset.nodes = String(g.order);
    stage.dataset.edges = String(g.size);
    testHooks.network = { nodes: g.order, edges: g.size, renders };
  });
  sigma.on("enterNode", ({ node }) => {
    const n = byId.get(node);
    if (!n) return;
    replace(card, h("strong", null, n.label), ...(n.title ?? []).map((t) => h("div", null, t)));
    card.hidden = false;
  });
  sigma.on("leaveNode", () => { card.hidden = true; });
  if (opts.onClick) sigma.on("clickNode", ({ node }) => opts.onClick!(node));
  sigma.refresh();
  const kill = () => { try { sigma.kill(); } catch { /* already gone */ } };
  opts.signal.addEventListener("abort", kill, { once: true });
  return { kill };
}

/** A categorical palette (colour-blind friendly, Okabe–Ito then Tableau). */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#4E79A7", "#59A14F", "#B07AA1", "#9C755F", "#76B7B2"];
