// DOM helpers. Every piece of data (handles, display names, topics, attributes, reasons) is
// untrusted text: it only ever reaches the page as a text node or an attribute value set through
// the DOM API, never through innerHTML.

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  style?: Partial<Record<"width" | "height" | "background" | "backgroundColor" | "color" | "display", string>>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (e: HTMLElementEventMap[K]) => void }>;
  [attribute: string]: unknown;
}

const SAFE_URL = /^(#|\/(?!\/)|\?|https?:)/i;

/** Creates an element; strings become text nodes; `on*` attributes are refused. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") el.className = String(value);
      else if (key === "style") Object.assign(el.style, value);
      else if (key === "on") {
        for (const [type, fn] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(type, fn);
      } else if (/^on/i.test(key)) throw new Error(`refusing event attribute ${key}`);
      else if ((key === "href" || key === "src") && !SAFE_URL.test(String(value))) throw new Error(`refusing URL ${String(value)}`);
      else if (value === true) el.setAttribute(key, "");
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : Math.round(n).toLocaleString("en-US");
}

export function fmtNum(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (n !== 0 && Math.abs(n) < 1e-3) return n.toExponential(2);
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

export function fmtPct(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined ? "—" : (share * 100).toFixed(digits) + "%";
}

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleString("en-GB", { dateStyle: "short", timeStyle: "medium" });
}

/** A percentile bar: value in [0, 100]. */
export function pctBar(percentile: number | null | undefined, label?: string): HTMLElement {
  const p = percentile === null || percentile === undefined ? 0 : Math.max(0, Math.min(100, percentile));
  return h("span", { class: "pbar", title: label ?? (percentile == null ? "not computed" : `percentile ${percentile.toFixed(1)}`), role: "img", "aria-label": `percentile ${p.toFixed(1)}` },
    h("span", { class: "pbar-fill", style: { width: p.toFixed(2) + "%" } }));
}

/** A progress bar: fraction in [0, 1]. */
export function progressBar(fraction: number, text?: string): HTMLElement {
  const f = Math.max(0, Math.min(1, fraction || 0));
  return h("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(Math.round(f * 100)) },
    h("div", { class: "progress-fill", style: { width: (f * 100).toFixed(1) + "%" } }),
    h("span", { class: "progress-text" }, text ?? `${Math.round(f * 100)}%`));
}

export function notice(kind: "info" | "error" | "unavailable", ...children: Child[]): HTMLElement {
  return h("div", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, ...children);
}

/** A table in a horizontally scrollable wrapper (the page itself never scrolls sideways). */
export function table(headers: (string | { text: string; num?: boolean; title?: string })[], rows: Child[][], opts?: { caption?: string; testid?: string }): HTMLElement {
  const head = h("tr", null, ...headers.map((c) => typeof c === "string" ? h("th", { scope: "col" }, c) : h("th", { scope: "col", class: c.num ? "num" : undefined, title: c.title }, c.text)));
  const numeric = headers.map((c) => typeof c !== "string" && !!c.num);
  const body = rows.map((r) => h("tr", null, ...r.map((cell, i) => h("td", { class: numeric[i] ? "num" : undefined }, cell))));
  return h("div", { class: "table-wrap" },
    h("table", { "data-testid": opts?.testid }, opts?.caption ? h("caption", null, opts.caption) : null, h("thead", null, head), h("tbody", null, ...body)));
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "card" }, h("h2", null, title), ...children);
}
