import { getJson, send, sleep, graphUrl, isAbort, type JobStatus } from "../api";
import { h, replace, table, section, notice, fmtTime, progressBar } from "../dom";
import type { ViewContext } from "../view";

export async function jobsView(ctx: ViewContext): Promise<void> {
  const list = h("div", null, notice("info", "Loading the jobs…"));
  const msg = h("div");
  const start = h("button", { type: "button", "data-testid": "start-analysis", on: { click: async () => {
    try {
      const r = await send<JobStatus>("POST", graphUrl(ctx.graph, "/analyses"), { metrics: ["pagerank", "betweenness", "reach"] }, ctx.signal);
      replace(msg, notice("info", `Started job ${r.body.id} on ${ctx.graph}.`));
      await refresh();
    } catch (e) { if (!isAbort(e)) replace(msg, notice("error", e instanceof Error ? e.message : String(e))); }
  } } }, `Analyse ${ctx.graph} (PageRank, betweenness, reach)`);
  ctx.root.append(h("h1", null, "Jobs"),
    h("p", { class: "lede" }, "Background work — large imports, analyses, long rankings — with progress. Jobs live in the server’s memory; the list refreshes every second."),
    section("Start", h("div", { class: "toolbar" }, start), msg),
    section("Running and recent jobs", list));

  async function refresh(): Promise<void> {
    const jobs = await getJson<JobStatus[]>("/jobs", ctx.signal);
    if (!jobs.length) { replace(list, notice("info", "No jobs yet.")); return; }
    replace(list, table(["Job", "Kind", "Graph", "State", "Progress", "Started", { text: "Elapsed", num: true }, ""], jobs.map((j) => [
      h("code", null, j.id), j.kind, j.graph, h("span", { class: `state state-${j.state}` }, j.state),
      h("div", { class: "job-progress" }, progressBar(j.progress, `${Math.round(j.progress * 100)}%`), h("div", { class: "muted small" }, j.error?.detail ?? j.message ?? "")),
      fmtTime(j.startedAt), `${(j.elapsedMs / 1000).toFixed(1)} s`,
      j.state === "running" || j.state === "queued"
        ? h("button", { type: "button", class: "danger", "data-job": j.id, on: { click: async (e) => {
            (e.currentTarget as HTMLButtonElement).disabled = true;
            try { await send("DELETE", `/jobs/${encodeURIComponent(j.id)}`, undefined, ctx.signal); }
            catch (err) { if (!isAbort(err)) replace(msg, notice("error", err instanceof Error ? err.message : String(err))); }
            await refresh();
          } } }, "Cancel")
        : j.result ? h("a", { href: j.result }, "result") : "",
    ]), { testid: "jobs-table" }));
  }
  await refresh();
  void (async () => {
    while (!ctx.signal.aborted) {
      try { await sleep(1000, ctx.signal); await refresh(); } catch (e) { if (isAbort(e)) return; }
    }
  })();
}
