import { getJson, getFollowingJobs, graphUrl, hasPath, accountPath, isAbort, ApiError } from "../api";
import { h, replace, table, section, notice, fmtInt, fmtNum, pctBar, fmtPct } from "../dom";
import { href, navigate } from "../router";
import { setParams, type ViewContext } from "../view";
import { drawNetwork, PALETTE } from "../network";
import { chart, tip } from "../charts";
import type { InfluencerPage } from "./influencers";

interface AccountDetail {
  graph: string; version: number; account: string; inGraph: boolean; followers: number; followees: number;
  attributes: { displayName: string | null; posts: number | null; politicalPosts: number | null; politicalShare: number | null; isPolitical: boolean | null; topics: string[]; lang: string | null; extra: Record<string, string> } | null;
  metrics: { metric: string; status: string; score: number | null; rank: number | null; percentile: number | null }[];
  verdict?: { candidate?: boolean; reason?: string; [k: string]: unknown } | null;
  community?: unknown; sphere?: unknown;
}
interface EgoNetwork {
  account: string; neighbours: number; truncated: boolean; edgesTruncated: boolean;
  nodes: { account: string; relation: string; followers: number; followees: number; isPolitical: boolean | null }[];
  edges: [number, number][];
}

const METRIC_NAMES: Record<string, string> = { followers: "Followers", followees: "Followees", followers_centrality: "Followers (share)", followees_centrality: "Followees (share)", pagerank: "PageRank", betweenness: "Betweenness", reach: "2-hop reach" };
const RELATION_COLOURS: Record<string, string> = { self: "#111827", mutual: PALETTE[2], follower: PALETTE[0], followee: PALETTE[1] };
const EGO_LIMITS = [100, 300, 1000, 2000];
const PAGE = 25;

export async function accountView(ctx: ViewContext): Promise<void> {
  const graph = ctx.graph;
  const account = ctx.params.get("account");
  if (!account) { ctx.root.append(notice("error", "No account given: open one from the influencer table.")); return; }
  const detail = await getJson<AccountDetail>(graphUrl(graph, `/accounts/${accountPath(account)}`), ctx.signal).catch((e) => {
    if (e instanceof ApiError && e.status === 404) throw new Error(`Graph “${graph}” has no account “${account}”.`);
    throw e;
  });
  const a = detail.attributes;
  ctx.root.append(
    h("p", { class: "crumbs" }, h("a", { href: href("influencers", { graph }) }, "‹ Influencers"), ` · ${graph}`),
    h("h1", { class: "handle-title" }, h("span", { "data-testid": "account-handle" }, detail.account),
      a?.displayName ? h("span", { class: "muted display-name" }, ` ${a.displayName}`) : null),
    detail.inGraph ? "" : notice("info", "This account has imported attributes but no edge: it is not part of the network."));

  const verdictBox = h("div", { "data-testid": "verdict" }, notice("info", "Checking the verdict…"));
  const facts: [string, string][] = [
    ["Followers", fmtInt(detail.followers)], ["Follows", fmtInt(detail.followees)],
    ["Posts", a?.posts == null ? "unknown" : fmtInt(a.posts)],
    ["Political share", a?.politicalShare == null ? "unknown" : fmtPct(a.politicalShare)],
    ["Political account", a?.isPolitical == null ? "unknown" : a.isPolitical ? "yes" : "no"],
    ["Language", a?.lang ?? "—"], ["Topics", a?.topics?.length ? a.topics.join(", ") : "—"],
    ...Object.entries(a?.extra ?? {}).map(([k, v]) => [k, v] as [string, string]),
  ];
  const metricRows = detail.metrics.map((m) => [
    METRIC_NAMES[m.metric] ?? m.metric,
    m.status === "computed" ? fmtNum(m.score, 6) : "not computed",
    m.rank == null ? "—" : `#${fmtInt(m.rank)}`,
    h("span", { class: "cell-bar" }, pctBar(m.percentile), m.percentile == null ? " —" : ` ${m.percentile.toFixed(1)}`),
  ]);
  const egoBox = h("div", { class: "ego" });
  const audienceBox = h("div");
  const neighboursBox = h("div");

  ctx.root.append(h("div", { class: "grid2" },
    section("Verdict", verdictBox),
    section("Attributes", h("dl", { class: "facts" }, ...facts.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)])))),
    section("Metrics (rank and percentile among all accounts)",
      table(["Metric", { text: "Score", num: true }, { text: "Rank", num: true }, "Percentile"], metricRows, { testid: "metrics-table" }),
      detail.metrics.some((m) => m.status !== "computed") ? h("p", { class: "muted" }, "Metrics not computed yet: start an analysis from the Jobs view.") : null),
    section("Audience by hops", audienceBox),
    section("Ego network", egoBox),
    section("Followers and followees", neighboursBox));

  const tasks = [verdict(ctx, detail, verdictBox), audience(ctx, detail, audienceBox), neighbours(ctx, detail, neighboursBox)];
  if (detail.inGraph) tasks.push(ego(ctx, detail, egoBox)); else replace(egoBox, notice("info", "Not in the network."));
  await Promise.all(tasks);
}

async function verdict(ctx: ViewContext, d: AccountDetail, box: HTMLElement): Promise<void> {
  if (d.verdict && typeof d.verdict === "object") {
    const v = d.verdict;
    replace(box, h("p", { class: v.candidate ? "verdict yes" : "verdict no" }, v.candidate ? "Candidate" : "Not a candidate"),
      v.reason ? h("p", { class: "reason" }, String(v.reason)) : null);
    return;
  }
  try {
    const page = await getFollowingJobs<InfluencerPage>(graphUrl(ctx.graph, "/influencers?top=10000"), ctx.signal);
    const hit = page.items.find((i) => i.account === d.account);
    if (hit) replace(box, h("p", { class: "verdict yes" }, `Candidate #${hit.rank} of ${page.total} (default thresholds)`), h("p", { class: "reason" }, hit.reason));
    else if (d.attributes?.isPolitical) replace(box, h("p", { class: "verdict no" }, "Not a candidate: a political account."));
    else replace(box, h("p", { class: "verdict no" }, "Not a candidate with the default thresholds."),
      h("p", { class: "muted" }, `It is not among the ${page.total} accounts that pass them (influence ≥ ${page.query["minInfluencePercentile"]}th percentile, activity ≥ ${page.query["minActivityPercentile"]}th, engagement < ${page.query["maxPoliticalEngagement"]}).`));
  } catch (e) {
    if (isAbort(e)) throw e;
    replace(box, notice("error", e instanceof Error ? e.message : String(e)));
  }
}

async function audience(ctx: ViewContext, d: AccountDetail, box: HTMLElement): Promise<void> {
  if (!(await hasPath("/graphs/{graph}/accounts/{account}/audience"))) {
    replace(box, notice("unavailable", "The audience curve is not available on this server (no audience endpoint)."));
    return;
  }
  try {
    const hops = 4;
    const data = await getJson<Record<string, unknown>>(graphUrl(ctx.graph, `/accounts/${accountPath(d.account)}/audience?hops=${hops}`), ctx.signal);
    const perHop = audienceRows(data);
    if (!perHop.length) { replace(box, notice("info", "No audience data.")); return; }
    const el = h("div", { class: "chart-box", "data-testid": "audience-chart" });
    replace(box, el, table([{ text: "Hop", num: true }, { text: "New accounts", num: true }, { text: "Cumulative", num: true }, { text: "Share of graph", num: true }],
      perHop.map((r) => [String(r.hop), fmtInt(r.added), fmtInt(r.cumulative), r.share == null ? "—" : fmtPct(r.share)])));
    chart(el, {
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      legend: { data: ["new at this hop", "cumulative"] },
      tooltip: { trigger: "axis", formatter: (ps: { dataIndex: number }[]) => { const r = perHop[ps[0].dataIndex]; return tip(`hop ${r.hop}`, `new: ${fmtInt(r.added)}`, `cumulative: ${fmtInt(r.cumulative)}`); } },
      xAxis: { type: "category", name: "hops", nameLocation: "middle", nameGap: 26, data: perHop.map((r) => String(r.hop)) },
      yAxis: { type: "value", name: "accounts" },
      series: [
        { name: "new at this hop", type: "bar", data: perHop.map((r) => r.added), itemStyle: { color: PALETTE[4] } },
        { name: "cumulative", type: "line", data: perHop.map((r) => r.cumulative), itemStyle: { color: PALETTE[0] } },
      ],
    }, ctx.signal);
  } catch (e) {
    if (isAbort(e)) throw e;
    replace(box, notice("error", e instanceof Error ? e.message : String(e)));
  }
}

/** Reads the audience curve whatever the exact member names: a list of per-hop rows. */
export function audienceRows(data: Record<string, unknown>): { hop: number; added: number; cumulative: number; share: number | null }[] {
  const list = (["hops", "curve", "perHop", "byHop", "levels"].map((k) => data[k]).find(Array.isArray) ?? []) as Record<string, unknown>[];
  let cum = 0;
  return list.map((r, i) => {
    const num = (...keys: string[]) => { for (const k of keys) if (typeof r[k] === "number") return r[k] as number; return null; };
    const added = num("new", "added", "newAccounts", "count", "size") ?? 0;
    const cumulative = num("cumulative", "total", "reached") ?? (cum + added);
    cum = cumulative;
    return { hop: num("hop", "hops", "distance") ?? i + 1, added, cumulative, share: num("share", "cumulativeShare", "shareOfGraph") };
  });
}

async function neighbours(ctx: ViewContext, d: AccountDetail, box: HTMLElement): Promise<void> {
  const paths = ["followers", "followees"];
  const available = await Promise.all(paths.map((p) => hasPath(`/graphs/{graph}/accounts/{account}/${p}`)));
  if (!available.some(Boolean)) {
    replace(box, notice("unavailable", "Paged followers and followees are not available on this server (no followers/followees endpoint)."),
      h("p", { class: "muted" }, `${fmtInt(d.followers)} followers, follows ${fmtInt(d.followees)}; the strongest ties are drawn in the ego network above.`));
    return;
  }
  const cols = h("div", { class: "grid2" });
  replace(box, cols);
  await Promise.all(paths.map(async (p, i) => {
    const col = h("div", { "data-testid": p + "-list" });
    cols.append(col);
    if (!available[i]) { replace(col, notice("unavailable", `${p} not available on this server.`)); return; }
    const param = p === "followers" ? "fpage" : "epage";
    const page = Math.max(0, Number(ctx.params.get(param) ?? 0) | 0);
    const show = async (pg: number) => {
      try {
        const data = await getJson<Record<string, unknown>>(graphUrl(ctx.graph, `/accounts/${accountPath(d.account)}/${p}?limit=${PAGE}&offset=${pg * PAGE}`), ctx.signal);
        const items = (data.items ?? data[p] ?? []) as Record<string, unknown>[];
        const total = typeof data.total === "number" ? data.total : (p === "followers" ? d.followers : d.followees);
        replace(col, h("h3", null, `${p === "followers" ? "Followers" : "Follows"} (${fmtInt(total)})`),
          table(["Account", { text: "Followers", num: true }], items.map((r) => {
            const name = String(r.account ?? r.handle ?? r.node ?? "");
            return [h("a", { href: href("account", { graph: ctx.graph, account: name }) }, name), fmtInt(typeof r.followers === "number" ? r.followers : null)];
          })),
          total > PAGE ? h("div", { class: "pager" },
            h("button", { type: "button", disabled: pg === 0, on: { click: () => { setParams(ctx, { [param]: pg - 1 || null }); void show(pg - 1); } } }, "‹"),
            ` ${pg * PAGE + 1}–${Math.min(total, (pg + 1) * PAGE)} of ${fmtInt(total)} `,
            h("button", { type: "button", disabled: (pg + 1) * PAGE >= total, on: { click: () => { setParams(ctx, { [param]: pg + 1 }); void show(pg + 1); } } }, "›")) : null);
      } catch (e) {
        if (isAbort(e)) return;
        replace(col, notice("error", e instanceof Error ? e.message : String(e)));
      }
    };
    await show(page);
  }));
}

async function ego(ctx: ViewContext, d: AccountDetail, box: HTMLElement): Promise<void> {
  const limit = EGO_LIMITS.includes(Number(ctx.params.get("ego"))) ? Number(ctx.params.get("ego")) : 300;
  const net = await getJson<EgoNetwork>(graphUrl(ctx.graph, `/ego-network?account=${encodeURIComponent(d.account)}&limit=${limit}`), ctx.signal);
  const picker = h("select", { "aria-label": "Accounts drawn" }, ...EGO_LIMITS.map((l) => h("option", { value: String(l), selected: l === limit }, `${l} accounts`)));
  picker.addEventListener("change", () => { setParams(ctx, { ego: picker.value }); void ego(ctx, d, box); });
  const stage = h("div");
  replace(box,
    h("div", { class: "toolbar" },
      h("span", null, `${fmtInt(net.nodes.length - 1)} of ${fmtInt(net.neighbours)} neighbours drawn${net.truncated ? " (strongest ties: mutual follows first, then the most-followed)" : ""}; ${fmtInt(net.edges.length)} follows among them.`),
      h("label", null, "Draw ", picker)),
    h("div", { class: "legend" }, ...Object.entries(RELATION_COLOURS).map(([k, c]) => h("span", null, h("i", { class: "swatch", style: { background: c } }), k === "self" ? "this account" : k === "follower" ? "follows it" : k === "followee" ? "it follows" : "mutual")),
      h("span", null, h("i", { class: "swatch", style: { background: "#d62728" } }), "political")),
    stage);
  const maxF = Math.max(1, ...net.nodes.map((n) => n.followers));
  await drawNetwork(stage, net.nodes.map((n, i) => ({
    id: String(i), label: n.account,
    size: i === 0 ? 14 : 3 + 9 * Math.sqrt(n.followers / maxF), forceLabel: i === 0,
    color: n.isPolitical ? "#d62728" : RELATION_COLOURS[n.relation] ?? "#888",
    title: [`${n.relation === "self" ? "this account" : n.relation}`, `${fmtInt(n.followers)} followers, follows ${fmtInt(n.followees)}`, n.isPolitical ? "political account" : ""].filter(Boolean),
  })), net.edges.map(([s, t]) => ({ source: String(s), target: String(t) })), {
    signal: ctx.signal,
    onClick: (id) => { const n = net.nodes[Number(id)]; if (n && Number(id) !== 0) navigate("account", { graph: ctx.graph, account: n.account }); },
  });
}
