// Hash routes: #/VIEW?param=value&... — the view and every parameter are in the address, so any
// state can be bookmarked or shared, and reloading reopens it.

export interface Route { view: string; params: URLSearchParams }

export function parseHash(hash = location.hash): Route {
  const body = hash.replace(/^#\/?/, "");
  const q = body.indexOf("?");
  const view = decodeURIComponent(q >= 0 ? body.slice(0, q) : body) || "graphs";
  return { view, params: new URLSearchParams(q >= 0 ? body.slice(q + 1) : "") };
}

export function href(view: string, params?: Record<string, string | number | null | undefined> | URLSearchParams): string {
  const p = params instanceof URLSearchParams ? params : new URLSearchParams();
  if (!(params instanceof URLSearchParams) && params)
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  const qs = p.toString();
  return `#/${view}${qs ? "?" + qs : ""}`;
}

export function navigate(view: string, params?: Record<string, string | number | null | undefined> | URLSearchParams): void {
  location.hash = href(view, params);
}

/** Rewrites the address's parameters without reloading the view (history entry replaced). */
export function replaceParams(view: string, params: URLSearchParams): void {
  history.replaceState(null, "", href(view, params));
}
