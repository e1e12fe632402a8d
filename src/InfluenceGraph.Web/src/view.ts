import { replaceParams } from "./router";

export interface ViewContext {
  root: HTMLElement;
  view: string;
  params: URLSearchParams;
  graph: string;
  signal: AbortSignal;
  refreshGraphs: () => Promise<void>;
}

/** Writes the view's parameters into the address (shareable) without re-rendering. */
export function setParams(ctx: ViewContext, values: Record<string, string | number | null | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "") ctx.params.delete(k);
    else ctx.params.set(k, String(v));
  }
  if (!ctx.params.has("graph")) ctx.params.set("graph", ctx.graph);
  replaceParams(ctx.view, ctx.params);
}

/** State the browser tests read (window.__influencegraph): what the network renderer drew. */
export const testHooks: { network: { nodes: number; edges: number; renders: number } | null } = { network: null };
(window as unknown as { __influencegraph: typeof testHooks }).__influencegraph = testHooks;

export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}
