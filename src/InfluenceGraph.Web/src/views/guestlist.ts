import { getJson, send, waitForJob, graphUrl, hasPath, isAbort, type JobStatus } from "../api";
import { h, replace, table, section, notice, fmtInt, fmtPct, fmtNum, progressBar } from "../dom";
import { href } from "../router";
import { setParams, type ViewContext } from "../view";
import { chart, tip } from "../charts";
import { PALETTE } from "../network";

interface GuestPick {
  rank: number; account: string; included: boolean; eligible: boolean; gain: number; cumulative: number; share: number;
  overlapsMostWith: string | null; overlap: number; influencerRank: number | null; reason: string;
}
export interface GuestListReport {
  graph: string; version: number; graphAccounts: number; eligibleCount: number; picks: GuestPick[]; reached: number; audience: number | null; share: number;
  certificate: { value: number; upperBound: number; ratio: number; statement: string } | null;
  baseline: { accounts: string[]; reached: number; audience: number | null; share: number } | null;
  majority: { picksForQuarter: number | null; picksForMajority: number | null };
  notes: string[]; flags: string[];
}
interface SetAudience { union: number; unionWithMembers: number; overlap: { accounts: string[]; jaccard: (number | null)[][]; intersection: number[][] } | null }

const list = (v: string | null) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);

export async function guestListView(ctx: ViewContext): Promise<void> {
  const graph = ctx.graph;
  ctx.root.append(h("h1", null, "Guest list ", h("span", { class: "muted" }, `· ${graph}`)),
    h("p", { class: "lede" }, "The accounts that together reach the most people: pick a size, pin or exclude accounts, optimise. Each pick is explained, and a certificate bounds how far the list can be from the best possible one."));
  if (!(await hasPath("/graphs/{graph}/guest-lists"))) {
    ctx.root.append(notice("unavailable", "Guest lists are not available on this server (no guest-list endpoint)."));
    return;
  }
  const size = h("input", { type: "number", name: "size", min: "1", max: "200", value: ctx.params.get("size") ?? "10", class: "num-input", "aria-label": "Size" });
  const hops = h("select", { name: "hops", "aria-label": "Hops" }, ...["1", "2"].map((v) => h("option", { value: v, selected: (ctx.params.get("hops") ?? "2") === v }, v === "1" ? "followers (1 hop)" : "2 hops")));
  const eligible = h("select", { name: "eligible", "aria-label": "Eligible accounts" },
    h("option", { value: "" }, "influencer candidates"), h("option", { value: "all", selected: ctx.params.get("eligible") === "all" }, "every account"));
  const include = h("input", { type: "text", name: "include", value: ctx.params.get("include") ?? "", placeholder: "handles, comma-separated", "aria-label": "Pinned accounts" });
  const exclude = h("input", { type: "text", name: "exclude", value: ctx.params.get("exclude") ?? "", placeholder: "handles, comma-separated", "aria-label": "Excluded accounts" });
  const go = h("button", { type: "submit", "data-testid": "optimise" }, "Optimise");
  const out = h("div", { "data-testid": "guest-result" });
  const form = h("form", { class: "form-row guest-form", on: { submit: (e) => { e.preventDefault(); void run(); } } },
    h("label", null, "Size ", size), h("label", null, "Audience ", hops), h("label", null, "Eligible ", eligible),
    h("label", null, "Pin ", include), h("label", null, "Exclude ", exclude), go);
  ctx.root.append(section("Optimise", form), out);

  async function run(): Promise<void> {
    setParams(ctx, { size: size.value, hops: hops.value === "2" ? null : hops.value, eligible: eligible.value || null, include: list(include.value).join(",") || null, exclude: list(exclude.value).join(",") || null });
    go.disabled = true;
    replace(out, notice("info", "Optimising…"));
    try {
      const body: Record<string, unknown> = { size: Number(size.value), hops: Number(hops.value) };
      if (eligible.value === "all") body.eligible = "all";
      if (list(include.value).length) body.include = list(include.value);
      if (list(exclude.value).length) body.exclude = list(exclude.value);
      const res = await send<GuestListReport | JobStatus>("POST", graphUrl(graph, "/guest-lists"), body, ctx.signal);
      let report: GuestListReport;
      if (res.status === 202) {
        const job = res.body as JobStatus;
        const done = await waitForJob(job.id, ctx.signal, (j) => replace(out, notice("info", "Optimising…"), progressBar(j.progress, j.message ?? j.state)));
        report = await getJson<GuestListReport>(done.result!, ctx.signal);
      } else report = res.body as GuestListReport;
      await render(report);
    } catch (e) {
      if (isAbort(e)) throw e;
      replace(out, notice("error", e instanceof Error ? e.message : String(e)));
    } finally { go.disabled = false; }
  }

  function pin(account: string, into: HTMLInputElement, from: HTMLInputElement): void {
    into.value = [...new Set([...list(into.value), account])].join(", ");
    from.value = list(from.value).filter((a) => a !== account).join(", ");
    void run();
  }

  async function render(r: GuestListReport): Promise<void> {
    const c = r.certificate;
    const baselineShare = r.baseline?.share;
    const growth = h("div", { class: "chart-box", "data-testid": "growth-chart" });
    const heat = h("div", { class: "chart-box tall", "data-testid": "overlap-heatmap" });
    replace(out,
      ...r.notes.map((n) => notice("info", n)),
      ...r.flags.map((n) => notice("unavailable", n)),
      section("Result",
        h("p", { class: "certificate", "data-testid": "certificate" }, c ? c.statement : "No certificate for this objective."),
        h("dl", { class: "facts" },
          h("dt", null, "Reached"), h("dd", { "data-testid": "share-reached" }, `${fmtInt(r.reached)} of ${fmtInt(r.graphAccounts)} accounts (${fmtPct(r.share)})`),
          r.baseline ? [h("dt", null, `Plain top ${r.baseline.accounts.length}`), h("dd", null, `${fmtInt(r.baseline.reached)} (${fmtPct(baselineShare)}) — optimisation adds ${fmtInt(r.reached - r.baseline.reached)}`)] : null,
          c ? [h("dt", null, "Certificate"), h("dd", null, `value ${fmtInt(c.value)} ≥ ${fmtPct(c.ratio)} of the upper bound ${fmtInt(c.upperBound)} on the best list of this size`)] : null,
          h("dt", null, "25% / 50% of the graph"), h("dd", null, `${r.majority.picksForQuarter ?? "not"} / ${r.majority.picksForMajority ?? "not"} reached within ${r.picks.length} picks`),
          h("dt", null, "Eligible"), h("dd", null, fmtInt(r.eligibleCount)),
          h("dt", null, "On the map"), h("dd", null, h("a", { href: href("spheres", { graph, guests: r.picks.map((p) => p.account).join(",") }) }, "show the guests on the spheres")))),
      h("div", { class: "grid2" }, section("Audience pick by pick", growth), section("Overlap between picks (Jaccard)", heat)),
      section("Picks", table(["#", "Account", { text: "Gain", num: true }, { text: "Cumulative", num: true }, "Overlaps most with", "Why", ""],
        r.picks.map((p) => [
          String(p.rank),
          h("span", null, h("a", { href: href("account", { graph, account: p.account }), class: "handle" }, p.account), p.included ? " (pinned)" : ""),
          fmtInt(p.gain), `${fmtInt(p.cumulative)} (${fmtPct(p.share)})`,
          p.overlapsMostWith ? `${p.overlapsMostWith} (${fmtNum(p.overlap, 2)})` : "—",
          h("span", { class: "reason" }, p.reason),
          h("span", { class: "links" },
            h("button", { type: "button", class: "secondary small", title: "always on the list", on: { click: () => pin(p.account, include, exclude) } }, "pin"), " ",
            h("button", { type: "button", class: "secondary small", title: "never on the list", on: { click: () => pin(p.account, exclude, include) } }, "exclude")),
        ]), { testid: "picks-table" })));

    // Growth: the list's cumulative audience against the plain top-k list's, pick by pick.
    const picked = r.picks.map((p) => p.cumulative);
    let baseline: (number | null)[] = [];
    const canAsk = await hasPath("/graphs/{graph}/audience");
    if (r.baseline && canAsk && r.baseline.accounts.length <= 50) {
      const withMembers = r.baseline.reached;
      const prefixes = await Promise.all(r.baseline.accounts.map((_, i) =>
        send<SetAudience>("POST", graphUrl(graph, "/audience"), { accounts: r.baseline!.accounts.slice(0, i + 1), hops: Number(hops.value) }, ctx.signal).then((x) => x.body)));
      const last = prefixes[prefixes.length - 1];
      const useMembers = last && Math.abs(last.unionWithMembers - withMembers) < Math.abs(last.union - withMembers);
      baseline = prefixes.map((x) => (useMembers ? x.unionWithMembers : x.union));
    } else if (r.baseline) baseline = r.picks.map((_, i) => (i === r.picks.length - 1 ? r.baseline!.reached : null));
    chart(growth, {
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      legend: { data: ["optimised list", "plain top-k influencers"] },
      tooltip: { trigger: "axis", formatter: (ps: { dataIndex: number }[]) => { const i = ps[0].dataIndex; return tip(`pick ${i + 1}: ${r.picks[i]?.account ?? ""}`, `optimised: ${fmtInt(picked[i])}`, baseline[i] != null ? `top-k: ${fmtInt(baseline[i])}` : ""); } },
      xAxis: { type: "category", name: "picks", nameLocation: "middle", nameGap: 26, data: r.picks.map((p) => String(p.rank)) },
      yAxis: { type: "value", name: "accounts reached", max: r.graphAccounts },
      series: [
        { name: "optimised list", type: "line", data: picked, itemStyle: { color: PALETTE[0] }, lineStyle: { width: 3 } },
        { name: "plain top-k influencers", type: "line", data: baseline, connectNulls: true, itemStyle: { color: PALETTE[1] }, lineStyle: { type: "dashed" } },
      ],
    }, ctx.signal);

    // Overlap heat-map from the set-audience endpoint.
    if (!canAsk) { replace(heat, notice("unavailable", "The overlap heat-map needs the set-audience endpoint, not available on this server.")); return; }
    const names = r.picks.map((p) => p.account).slice(0, 100);
    const set = (await send<SetAudience>("POST", graphUrl(graph, "/audience"), { accounts: names, hops: Number(hops.value) }, ctx.signal)).body;
    const o = set.overlap;
    if (!o) { replace(heat, notice("info", "No overlap matrix.")); return; }
    const data: [number, number, number][] = [];
    o.accounts.forEach((_, i) => o.accounts.forEach((__, j) => { if (i !== j) data.push([j, i, o.jaccard[i][j] ?? 0]); }));
    chart(heat, {
      grid: { left: 110, right: 20, top: 10, bottom: 110 },
      tooltip: { formatter: (p: { data: [number, number, number] }) => tip(`${o.accounts[p.data[1]]} × ${o.accounts[p.data[0]]}`, `Jaccard ${fmtNum(p.data[2], 3)}`, `shared audience ${fmtInt(o.intersection[p.data[1]][p.data[0]])}`) },
      xAxis: { type: "category", data: o.accounts, axisLabel: { rotate: 60, fontSize: 10 } },
      yAxis: { type: "category", data: o.accounts, inverse: true, axisLabel: { fontSize: 10 } },
      visualMap: { min: 0, max: Math.max(0.01, ...data.map((d) => d[2])), calculable: true, orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#f7fbff", "#6baed6", "#08306b"] } },
      series: [{ type: "heatmap", data, emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } } }],
    }, ctx.signal);
  }

  await run();
}
