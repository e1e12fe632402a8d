// ForceAtlas2 (Jacomy et al. 2014) off the main thread, for a bounded number of iterations, so
// that laying out a capped network never freezes the page.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

export interface LayoutRequest { nodes: { id: string; x: number; y: number; size: number }[]; edges: [string, string][]; iterations: number }

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const { nodes, edges, iterations } = e.data;
  const g = new Graph({ type: "directed", multi: false, allowSelfLoops: false });
  for (const n of nodes) g.addNode(n.id, { x: n.x, y: n.y, size: n.size });
  for (const [s, t] of edges) if (s !== t && g.hasNode(s) && g.hasNode(t) && !g.hasEdge(s, t)) g.addEdge(s, t);
  const settings = { ...forceAtlas2.inferSettings(g), adjustSizes: false, barnesHutOptimize: g.order > 500 };
  forceAtlas2.assign(g, { iterations, settings });
  const positions = new Float64Array(nodes.length * 2);
  nodes.forEach((n, i) => { positions[2 * i] = g.getNodeAttribute(n.id, "x"); positions[2 * i + 1] = g.getNodeAttribute(n.id, "y"); });
  (self as unknown as Worker).postMessage(positions, [positions.buffer]);
};
