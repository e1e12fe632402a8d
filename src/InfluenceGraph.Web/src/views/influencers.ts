import { getFollowingJobs, graphUrl, isAbort } from "../api";
import { h, replace, table, section, notice, fmtInt, fmtNum, pctBar, progressBar } from "../dom";
import { href } from "../router";
import { setParams, debounce, type ViewContext } from "../view";

export interface InfluencerMetric { metric: string; value: number | null; rank: number; percentile: number }
export interface Influencer {
  rank: number; account: string; reason: string; influence: InfluencerMetric; metrics: InfluencerMetric[];
  activity: { posts: number | null; percentile: number | null; rank: number | null; knownAccounts: number };
  politics: { engaged: boolean; score: number | null; threshold: number };
}
export interface InfluencerPage {
  graph: string; version: number; query: Record<string, unknown>; total: number; offset: number; items: Influencer[];
  nextCursor: string | null; notes: string[];
  counts: { accounts: number; politicalAccounts: number; belowInfluence: number; belowActivity: number; unknownActivity: number; politicallyEngaged: number; matched: number; unknownEngagement: number };
}

/** The query parameters of /influencers the view exposes as controls, with their ranges. */
const sliders: { name: string; label: string; min: number; max: number; step: number; def: number; help: string }[] = [
  { name: "minInfluencePercentile", label: "Influence ≥ percentile", min: 0, max: 100, step: 1, def: 95, help: "composite of PageRank, betweenness, followers and 2-hop reach percentiles" },
  { name: "minActivityPercentile", label: "Activity ≥ percentile", min: 0, max: 100, step: 1, def: 90, help: "posts, among accounts with a known count" },
  { name: "maxPoliticalEngagement", label: "Political engagement <", min: 0, max: 1, step: 0.01, def: 0.25, help: "weighted engagement score in [0, 1]" },
  { name: "contentWeight", label: "Weight: political content", min: 0, max: 1, step: 0.05, def: 0.6, help: "share of political posts or topics" },
  { name: "exposureWeight", label: "Weight: exposure", min: 0, max: 1, step: 0.05, def: 0.2, help: "political accounts among its followees" },
  { name: "proximityWeight", label: "Weight: proximity", min: 0, max: 1, step: 0.05, def: 0.2, help: "personalized PageRank from political accounts" },
];
const checks = [
  { name: "requireKnownActivity", label: "Require a known post count" },
  { name: "allowUnknownEngagement", label: "Admit unknown political engagement" },
];
const METRICS = ["pagerank", "betweenness", "followers", "reach"];
export const QUERY_PARAMS = [...sliders.map((s) => s.name), ...checks.map((c) => c.name), "metrics"];
const PAGE = 100;

/** The /influencers query string of the view's parameters (only those given). */
export function influencerQuery(params: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const name of QUERY_PARAMS) { const v = params.get(name); if (v !== null && v !== "") q.set(name, v); }
  return q;
}

export async function influencersView(ctx: ViewContext): Promise<void> {
  const graph = ctx.graph;
  const controls = h("form", { class: "controls", "aria-label": "Thresholds", on: { submit: (e) => e.preventDefault() } });
  const summary = h("div", { class: "summary", "data-testid": "influencer-summary" });
  const results = h("div", null, notice("info", "Loading the candidates…"));
  const csv = h("a", { class: "button", download: `influencers-${graph}.csv`, href: "#", "data-testid": "csv-link" }, "Download CSV");
  ctx.root.append(
    h("h1", null, "Influencers ", h("span", { class: "muted" }, `· ${graph}`)),
    h("p", { class: "lede" }, "Accounts that reach many people, post a lot and are not politically engaged — each verdict explained with its numbers. Move a threshold: the table follows, and the address keeps the query."),
    h("div", { class: "split" }, section("Thresholds", controls), h("div", { class: "grow" }, section("Candidates", h("div", { class: "toolbar" }, summary, csv), results))));

  let request: AbortController | null = null;
  const reload = debounce(() => void load(), 250);

  for (const s of sliders) {
    const cur = ctx.params.get(s.name);
    const range = h("input", { type: "range", name: s.name, min: String(s.min), max: String(s.max), step: String(s.step), value: cur ?? String(s.def), "aria-label": s.label });
    const num = h("input", { type: "number", name: s.name + "-value", min: String(s.min), max: String(s.max), step: String(s.step), value: cur ?? String(s.def), "aria-label": s.label + " (value)", class: "num-input" });
    const apply = (v: string) => { setParams(ctx, { [s.name]: v === String(s.def) ? null : v, page: null }); reload(); };
    range.addEventListener("input", () => { num.value = range.value; apply(range.value); });
    num.addEventListener("change", () => { range.value = num.value; apply(num.value); });
    controls.append(h("div", { class: "control" }, h("label", { title: s.help }, s.label), h("div", { class: "control-inputs" }, range, num)));
  }
  for (const c of checks) {
    const box = h("input", { type: "checkbox", name: c.name, checked: ctx.params.get(c.name) === "true" });
    box.addEventListener("change", () => { setParams(ctx, { [c.name]: box.checked ? "true" : null, page: null }); reload(); });
    controls.append(h("label", { class: "check" }, box, " ", c.label));
  }
  const chosen = new Set((ctx.params.get("metrics") ?? METRICS.join(",")).split(",").filter(Boolean));
  const metricBoxes = METRICS.map((m) => {
    const box = h("input", { type: "checkbox", name: "metric-" + m, checked: chosen.has(m) });
    box.addEventListener("change", () => {
      const list = METRICS.filter((_, i) => metricBoxes[i].checked);
      if (!list.length) { box.checked = true; return; }
      setParams(ctx, { metrics: list.length === METRICS.length ? null : list.join(","), page: null });
      reload();
    });
    return box;
  });
  controls.append(h("fieldset", null, h("legend", null, "Influence composite of"),
    ...METRICS.map((m, i) => h("label", { class: "check" }, metricBoxes[i], " ", m))));
  controls.append(h("button", { type: "button", class: "secondary", on: { click: () => {
    for (const n of QUERY_PARAMS) ctx.params.delete(n);
    setParams(ctx, { page: null });
    location.reload();
  } } }, "Reset to defaults"));

  async function load(): Promise<void> {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    ctx.signal.addEventListener("abort", () => mine.abort(), { once: true });
    const q = influencerQuery(ctx.params);
    const page = Math.max(0, Number(ctx.params.get("page") ?? 0) | 0);
    csv.setAttribute("href", graphUrl(graph, `/influencers?${new URLSearchParams([...q, ["format", "csv"]])}`));
    const url = graphUrl(graph, `/influencers?${new URLSearchParams([...q, ["top", String(PAGE)], ["offset", String(page * PAGE)]])}`);
    results.classList.add("busy");
    try {
      const data = await getFollowingJobs<InfluencerPage>(url, mine.signal,
        (job) => replace(results, notice("info", "Computing the signals (PageRank, betweenness, reach) for this graph version…"), progressBar(job.progress, job.message ?? job.state)));
      if (mine.signal.aborted) return;
      renderPage(data, page);
    } catch (e) {
      if (isAbort(e)) return;
      replace(results, notice("error", e instanceof Error ? e.message : String(e)));
      replace(summary);
    } finally {
      results.classList.remove("busy");
    }
  }

  function renderPage(data: InfluencerPage, page: number): void {
    const c = data.counts;
    replace(summary,
      h("strong", { "data-testid": "candidate-total" }, `${fmtInt(data.total)} candidate${data.total === 1 ? "" : "s"}`),
      ` of ${fmtInt(c.accounts)} accounts (version ${data.version}) — excluded: ${fmtInt(c.politicalAccounts)} political, ${fmtInt(c.belowInfluence)} below the influence threshold, ${fmtInt(c.belowActivity)} below the activity threshold, ${fmtInt(c.politicallyEngaged)} politically engaged`,
      c.unknownEngagement ? `, ${fmtInt(c.unknownEngagement)} with unknown engagement` : "",
      c.unknownActivity ? `, ${fmtInt(c.unknownActivity)} with unknown activity` : "", ".");
    const rows = data.items.map((it) => [
      String(it.rank),
      h("a", { href: href("account", { graph, account: it.account }), class: "handle", "data-account": it.account }, it.account),
      h("span", { class: "cell-bar" }, pctBar(it.influence.percentile), ` ${fmtNum(it.influence.percentile, 1)}`),
      it.activity.posts === null ? "unknown" : fmtInt(it.activity.posts),
      it.politics.score === null ? "unknown" : fmtNum(it.politics.score, 2),
      h("span", { class: "reason" }, it.reason),
    ]);
    const pager = data.total > PAGE ? h("div", { class: "pager" },
      h("button", { type: "button", disabled: page === 0, on: { click: () => { setParams(ctx, { page: page - 1 || null }); void load(); } } }, "‹ previous"),
      ` ${page * PAGE + 1}–${page * PAGE + data.items.length} of ${fmtInt(data.total)} `,
      h("button", { type: "button", disabled: !data.nextCursor, on: { click: () => { setParams(ctx, { page: page + 1 }); void load(); } } }, "next ›")) : null;
    replace(results,
      ...data.notes.map((n) => notice("info", n)),
      data.items.length ? table(["#", "Account", { text: "Influence pct.", num: true }, { text: "Posts", num: true }, { text: "Engagement", num: true }, "Why"], rows, { testid: "influencer-table" })
        : notice("info", "No account passes these thresholds. Loosen one of them."),
      pager);
  }

  await load();
}
