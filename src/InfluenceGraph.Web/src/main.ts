import "./style.css";
import { getJson, setApiKey, apiKey, isAbort } from "./api";
import { h, replace, notice } from "./dom";
import { parseHash, href } from "./router";
import { graphsView } from "./views/graphs";
import { influencersView } from "./views/influencers";
import { accountView } from "./views/account";
import { jobsView } from "./views/jobs";
import { guestListView } from "./views/guestlist";
import { spheresView } from "./views/spheres";
import type { ViewContext } from "./view";
import { testHooks } from "./view";

const views: Record<string, { title: string; nav: boolean; render: (ctx: ViewContext) => Promise<void> }> = {
  graphs: { title: "Graphs", nav: true, render: graphsView },
  influencers: { title: "Influencers", nav: true, render: influencersView },
  "guest-list": { title: "Guest list", nav: true, render: guestListView },
  spheres: { title: "Spheres", nav: true, render: spheresView },
  jobs: { title: "Jobs", nav: true, render: jobsView },
  account: { title: "Account", nav: false, render: accountView },
};

const app = document.getElementById("app") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const select = document.getElementById("graph-select") as HTMLSelectElement;
let current: AbortController | null = null;
let knownGraphs: string[] = [];

async function loadGraphNames(): Promise<void> {
  try {
    const list = await getJson<{ graphs: { name: string }[] }>("/graphs");
    knownGraphs = list.graphs.map((g) => g.name);
  } catch { knownGraphs = []; }
}

function currentGraph(params: URLSearchParams): string {
  return params.get("graph") || (knownGraphs.includes("default") ? "default" : knownGraphs[0] ?? "default");
}

function renderChrome(view: string, graph: string): void {
  replace(nav, ...Object.entries(views).filter(([, v]) => v.nav).map(([name, v]) =>
    h("a", { href: href(name, name === "jobs" ? {} : { graph }), class: name === view ? "active" : undefined, "aria-current": name === view ? "page" : undefined }, v.title)));
  const names = knownGraphs.includes(graph) ? knownGraphs : [...knownGraphs, graph];
  replace(select, ...names.map((n) => h("option", { value: n, selected: n === graph }, n)));
}

async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const route = parseHash();
  const def = views[route.view];
  if (!knownGraphs.length) await loadGraphNames();
  const graph = currentGraph(route.params);
  renderChrome(route.view, graph);
  app.dataset.view = route.view;
  app.dataset.state = "loading";
  testHooks.network = null;
  replace(app);
  if (!def) {
    replace(app, notice("error", `No view named “${route.view}”. `, h("a", { href: "#/graphs" }, "Go to the graphs.")));
    app.dataset.state = "ready";
    return;
  }
  document.title = `${def.title} · InfluenceGraph`;
  try {
    await def.render({ root: app, view: route.view, params: route.params, graph, signal: controller.signal, refreshGraphs: loadGraphNames });
    if (!controller.signal.aborted) app.dataset.state = "ready";
  } catch (e) {
    if (isAbort(e) || controller.signal.aborted) return;
    app.append(notice("error", e instanceof Error ? e.message : String(e)));
    app.dataset.state = "error";
  }
}

select.addEventListener("change", () => {
  const route = parseHash();
  const view = route.view === "account" ? "influencers" : route.view;
  location.hash = href(view, { graph: select.value });
});

document.getElementById("api-key-button")?.addEventListener("click", () => {
  const key = prompt("API key sent as X-Api-Key with every request (kept for this tab only). Leave empty to send none.", apiKey() ?? "");
  if (key !== null) setApiKey(key.trim() || null);
});

window.addEventListener("hashchange", () => void render());
void render();
