import { getFollowingJobs, graphUrl, hasPath, isAbort } from "../api";
import { h, table, section, notice, fmtInt, fmtPct } from "../dom";
import { href, navigate } from "../router";
import { setParams, type ViewContext } from "../view";
import { drawNetwork, PALETTE, type NetNode } from "../network";
import type { InfluencerPage } from "./influencers";

export interface SphereProfile {
  id: number; label: string; size: number; share: number; internalEdges: number; edgesOut: number; edgesIn: number;
  internalEdgeShare: number | null; politicalAccounts: number; politicalShare: number; engagedAccounts: number | null; engagedShare: number | null;
  topics: { topic: string; accounts: number; lift: number }[];
  topAccounts: { account: string; pageRank: number; rank: number; followers: number; isPolitical: boolean | null }[];
  candidates: string[]; links: { community: number; edgesOut: number; edgesIn: number }[];
}
interface SpherePage { total: number; items: SphereProfile[]; partition?: { count: number; modularity: number | null } }
/** `GET /graphs/{g}/overview-network`: node columns (entry i of each is listed account i) and edges as compressed sparse rows. */
interface Overview {
  accounts: number; by: string; count: number; edgesTruncated: boolean;
  nodes: { account: string[]; followers: number[]; pageRank: (number | null)[]; isPolitical: (boolean | null)[] };
  edges: { counts: number[]; followees: number[] };
}

/** The overview's edges as [follower index, followee index] pairs: account i follows followees[s .. s + counts[i]), s the sum of the counts before i. */
export function overviewEdges(edges: { counts: number[]; followees: number[] }): [number, number][] {
  const pairs: [number, number][] = [];
  let s = 0;
  edges.counts.forEach((c, i) => { for (let k = 0; k < c; k++) pairs.push([i, edges.followees[s + k]]); s += c; });
  return pairs;
}

const POLITICAL = "#d62728";
const OTHER = "#b8c0cc";

/** The colour of sphere `id` (the 12 largest get their own). */
export function sphereColour(id: number): string {
  return id >= 0 && id < PALETTE.length ? PALETTE[id] : OTHER;
}

/** account → sphere id of the graph's partition (default parameters). */
export async function membership(graph: string, signal: AbortSignal): Promise<Map<string, number>> {
  const data = await getFollowingJobs<{ items: { account: string; community: number }[] }>(graphUrl(graph, "/communities/membership?format=json"), signal);
  return new Map(data.items.map((r) => [r.account, r.community]));
}

export async function spheresView(ctx: ViewContext): Promise<void> {
  const graph = ctx.graph;
  ctx.root.append(h("h1", null, "Spheres ", h("span", { class: "muted" }, `· ${graph}`)),
    h("p", { class: "lede" }, "Communities of the follower network (Leiden): what each one is, how political, and which candidates and guests sit in it."));
  if (!(await hasPath("/graphs/{graph}/communities"))) {
    ctx.root.append(notice("unavailable", "Spheres are not available on this server (no communities endpoint)."));
    return;
  }
  const sizeBy = ctx.params.get("size") === "followers" ? "followers" : "pagerank";
  const guests = new Set((ctx.params.get("guests") ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  const [page, members, overview, influencers] = await Promise.all([
    getFollowingJobs<SpherePage>(graphUrl(graph, "/communities?top=200"), ctx.signal),
    membership(graph, ctx.signal),
    getFollowingJobs<Overview>(graphUrl(graph, `/overview-network?limit=1500&by=${sizeBy}`), ctx.signal),
    getFollowingJobs<InfluencerPage>(graphUrl(graph, "/influencers?top=10000"), ctx.signal).catch((e) => { if (isAbort(e)) throw e; return null; }),
  ]);
  const candidates = new Set(influencers?.items.map((i) => i.account) ?? []);
  const spheres = page.items;

  // The network drawn by sphere.
  const sizeSelect = h("select", { "aria-label": "Node size by" }, h("option", { value: "pagerank", selected: sizeBy === "pagerank" }, "PageRank"), h("option", { value: "followers", selected: sizeBy === "followers" }, "followers"));
  sizeSelect.addEventListener("change", () => { setParams(ctx, { size: sizeSelect.value === "pagerank" ? null : sizeSelect.value }); navigate("spheres", ctx.params); });
  const netStage = h("div");
  const mapStage = h("div");
  ctx.root.append(
    section(`Network by sphere — the ${fmtInt(overview.count)} ${sizeBy === "pagerank" ? "highest-PageRank" : "most-followed"} of ${fmtInt(overview.accounts)} accounts`,
      h("div", { class: "toolbar" },
        h("div", { class: "legend" },
          ...spheres.slice(0, PALETTE.length).map((s) => h("span", null, h("i", { class: "swatch", style: { background: sphereColour(s.id) } }), `${s.id}: ${s.label}`)),
          spheres.length > PALETTE.length ? h("span", null, h("i", { class: "swatch", style: { background: OTHER } }), "smaller spheres") : null,
          h("span", null, h("i", { class: "swatch", style: { background: POLITICAL } }), "political account"),
          h("span", null, "★ large labelled nodes: influencer candidates", guests.size ? " and guests (black)" : "")),
        h("label", null, "Node size by ", sizeSelect)),
      netStage),
    h("div", { class: "grid2" },
      section("Sphere-to-sphere map (follow edges between spheres)", mapStage),
      section("Spheres", sphereTable(ctx, spheres, guests))));

  const cols = overview.nodes;
  const sizeOf = (i: number) => (sizeBy === "pagerank" ? cols.pageRank[i] ?? 0 : cols.followers[i]);
  const maxW = Math.max(1e-12, ...cols.account.map((_, i) => sizeOf(i)));
  const nodes: NetNode[] = cols.account.map((account, i) => {
    const sphere = members.get(account) ?? -1;
    const weight = sizeOf(i) / maxW;
    const pageRank = cols.pageRank[i], isPolitical = cols.isPolitical[i];
    const isGuest = guests.has(account), isCandidate = candidates.has(account);
    return {
      id: String(i), label: account,
      size: 2 + 10 * Math.sqrt(weight) + (isGuest || isCandidate ? 4 : 0),
      color: isGuest ? "#111827" : isPolitical ? POLITICAL : sphereColour(sphere),
      forceLabel: isGuest || isCandidate,
      title: [`sphere ${sphere}${spheres.find((s) => s.id === sphere) ? ": " + spheres.find((s) => s.id === sphere)!.label : ""}`,
        `${fmtInt(cols.followers[i])} followers${pageRank != null ? `, PageRank ${pageRank.toExponential(2)}` : ""}`,
        isPolitical ? "political account" : "", isCandidate ? "influencer candidate" : "", isGuest ? "on the guest list" : ""].filter(Boolean),
    };
  });
  const drawings = [drawNetwork(netStage, nodes, overviewEdges(overview.edges).map(([s, t]) => ({ source: String(s), target: String(t) })), {
    signal: ctx.signal, onClick: (id) => navigate("account", { graph, account: cols.account[Number(id)] }),
  })];

  // The sphere-level graph: one node per sphere, an edge per linked pair.
  const shown = spheres.slice(0, 60);
  const ids = new Set(shown.map((s) => s.id));
  const maxSize = Math.max(1, ...shown.map((s) => s.size));
  const mapEdges: { source: string; target: string; size: number }[] = [];
  for (const s of shown) for (const l of s.links) if (ids.has(l.community) && l.edgesOut > 0)
    mapEdges.push({ source: String(s.id), target: String(l.community), size: Math.max(0.5, Math.log10(1 + l.edgesOut)) });
  drawings.push(drawNetwork(mapStage, shown.map((s) => ({
    id: String(s.id), label: `${s.id}: ${s.label} (${fmtInt(s.size)}, ${fmtPct(s.politicalShare, 0)} political)`,
    size: 6 + 24 * Math.sqrt(s.size / maxSize), color: sphereColour(s.id), forceLabel: true,
    title: [`${fmtInt(s.size)} accounts (${fmtPct(s.share)})`, `political ${fmtPct(s.politicalShare)}`, `${s.candidates.length} candidates`],
  })), mapEdges, { signal: ctx.signal, iterations: 200 }));
  await Promise.all(drawings);
}

function sphereTable(ctx: ViewContext, spheres: SphereProfile[], guests: Set<string>): HTMLElement {
  return table(["", "Sphere", { text: "Accounts", num: true }, { text: "Inside", num: true, title: "share of its follow edges that stay inside" },
    { text: "Political", num: true, title: "share of political accounts" }, "Topics", "Top accounts", "Candidates"],
  spheres.map((s) => [
    h("i", { class: "swatch", style: { background: sphereColour(s.id) } }),
    `${s.id}: ${s.label}`,
    `${fmtInt(s.size)} (${fmtPct(s.share, 0)})`,
    fmtPct(s.internalEdgeShare, 0),
    fmtPct(s.politicalShare, 0),
    s.topics.slice(0, 3).map((t) => t.topic).join(", ") || "—",
    h("span", null, ...s.topAccounts.slice(0, 3).flatMap((a, i) => [i ? ", " : "", h("a", { href: href("account", { graph: ctx.graph, account: a.account }) }, a.account)])),
    s.candidates.length ? `${s.candidates.length}${[...guests].some((g) => s.candidates.includes(g)) ? " (guests among them)" : ""}` : "—",
  ]), { testid: "spheres-table" });
}
