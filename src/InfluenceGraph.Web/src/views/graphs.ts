import { getJson, upload, waitForJob, graphUrl, ApiError, type ImportReport, type JobStatus } from "../api";
import { h, replace, table, section, notice, fmtInt, fmtNum, fmtTime, progressBar, fmtPct } from "../dom";
import { href } from "../router";
import type { ViewContext } from "../view";

interface GraphSummary {
  name: string; version: number; accounts: number; edges: number; selfLoops: number; weighted: boolean;
  density: number | null; reciprocity: number | null; largestStronglyConnectedComponent: number;
  duplicateEdges: string; selfLoopPolicy: string; createdAt: string; lastImportAt: string | null; lastImport: ImportReport | null;
}

export async function graphsView(ctx: ViewContext): Promise<void> {
  const listBox = h("div", null, notice("info", "Loading the graphs…"));
  const importBox = importPanel(ctx, async () => { await ctx.refreshGraphs(); await loadList(); });
  ctx.root.append(
    h("h1", null, "Graphs"),
    h("p", { class: "lede" }, "Follower networks on this server: an edge “follower followee” means the follower sees the followee’s posts. Every import makes a new version."),
    section("Graphs on this server", listBox),
    importBox);

  async function loadList(): Promise<void> {
    const list = await getJson<{ graphs: GraphSummary[] }>("/graphs", ctx.signal);
    replace(listBox, table(
      ["Graph", { text: "Accounts", num: true }, { text: "Edges", num: true }, { text: "Version", num: true }, { text: "Density", num: true },
        { text: "Reciprocity", num: true }, { text: "Largest SCC", num: true, title: "Largest strongly connected component" }, "Last import", ""],
      list.graphs.map((g) => [
        h("a", { href: href("influencers", { graph: g.name }) }, g.name),
        fmtInt(g.accounts), fmtInt(g.edges), String(g.version), fmtNum(g.density, 5), fmtPct(g.reciprocity),
        fmtInt(g.largestStronglyConnectedComponent),
        g.lastImport ? `${fmtTime(g.lastImportAt)} · ${g.lastImport.kind} from ${g.lastImport.source ?? "request"}` : fmtTime(g.lastImportAt),
        h("span", { class: "links" },
          h("a", { href: href("influencers", { graph: g.name }) }, "influencers"), " · ",
          h("a", { href: href("spheres", { graph: g.name }) }, "spheres")),
      ]), { testid: "graphs-table" }));
  }
  await loadList();
}

function importPanel(ctx: ViewContext, done: () => Promise<void>): HTMLElement {
  const graphInput = h("input", { type: "text", name: "graph", value: ctx.params.get("graph") ?? ctx.graph, pattern: "[A-Za-z0-9._-]{1,64}", required: true, "aria-label": "Graph to import into" });
  const kind = h("select", { name: "kind", "aria-label": "What the file holds" },
    h("option", { value: "edges" }, "follower edges"), h("option", { value: "accounts" }, "account attributes"));
  const mode = h("select", { name: "mode", "aria-label": "Mode" }, h("option", { value: "append" }, "append"), h("option", { value: "replace" }, "replace the graph"));
  const onError = h("select", { name: "onError", "aria-label": "Bad rows" },
    h("option", { value: "skip" }, "skip bad rows, report them"), h("option", { value: "fail" }, "refuse the whole file"));
  const fileInput = h("input", { type: "file", name: "file", "data-testid": "import-file", "aria-label": "File to import" });
  const status = h("div", { class: "import-status", "data-testid": "import-status" });
  const drop = h("div", { class: "dropzone", tabindex: "0", role: "button", "data-testid": "dropzone" },
    h("strong", null, "Drop an edge or attribute file here"), h("br"),
    "CSV, TSV, SNAP edge list, JSON, NDJSON, GraphML, GML, gzip — or ", h("span", { class: "linkish" }, "choose a file"));

  drop.addEventListener("click", () => fileInput.click());
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); fileInput.click(); } });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault(); drop.classList.remove("over");
    const f = e.dataTransfer?.files?.[0];
    if (f) void start(f);
  });
  fileInput.addEventListener("change", () => { const f = fileInput.files?.[0]; if (f) void start(f); fileInput.value = ""; });

  async function start(file: File): Promise<void> {
    const graph = graphInput.value.trim();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(graph)) { replace(status, notice("error", "The graph name must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'.")); return; }
    const url = graphUrl(graph, `/${kind.value}?mode=${mode.value}&onError=${onError.value}`);
    const bar = h("div", null, progressBar(0, "uploading 0%"));
    replace(status, h("p", null, `Importing ${file.name} (${fmtInt(file.size)} bytes) into ${graph}…`), bar);
    try {
      const res = await upload(url, file, (f) => replace(bar, progressBar(f, `uploading ${Math.round(f * 100)}%`)), ctx.signal);
      let report: ImportReport | null = null;
      if (res.status === 202) {
        const job = res.body as JobStatus;
        const finished = await waitForJob(job.id, ctx.signal, (j) => replace(bar, progressBar(j.progress, `importing: ${j.message ?? j.state}`)));
        report = finished.import;
      } else if (res.status >= 200 && res.status < 300) {
        report = res.body as ImportReport;
      } else {
        const p = res.body as { detail?: string; title?: string; rejections?: ImportReport["rejections"]; line?: number; field?: string } | null;
        replace(bar);
        replace(status, notice("error", `Nothing was imported (${res.status}): ${p?.detail ?? p?.title ?? "error"}`),
          p?.rejections?.length ? rejectionTable(p.rejections) : null);
        return;
      }
      replace(bar, progressBar(1, "done"));
      if (report) status.append(reportView(report));
      await done();
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") return;
      replace(status, notice("error", e instanceof ApiError || e instanceof Error ? e.message : String(e)));
    }
  }

  return section("Import a file",
    h("div", { class: "form-row" },
      h("label", null, "Graph ", graphInput), h("label", null, "File holds ", kind),
      h("label", null, "Mode ", mode), h("label", null, "Bad rows ", onError)),
    drop, fileInput, status);
}

function reportView(r: ImportReport): HTMLElement {
  const items: [string, string][] = [
    ["Applied", r.applied ? `yes — version ${r.versionAfter}` : "no (nothing changed)"],
    ["Source", `${r.source ?? "request"} (${r.format})`],
    ["Rows read", fmtInt(r.rowsRead)],
    ...(r.kind === "edges"
      ? [["Edges added", fmtInt(r.edgesAdded)], ["Duplicates skipped", fmtInt(r.duplicatesSkipped)], ["Self-loops", `${fmtInt(r.selfLoops)}${r.selfLoopsKept ? " (kept)" : " (dropped)"}`], ["Accounts added", fmtInt(r.accountsAdded)]] as [string, string][]
      : [["Accounts updated", fmtInt(r.accountsUpdated)], ["Not in the graph", fmtInt(r.accountsNotInGraph)]] as [string, string][]),
    ["Rejected rows", fmtInt(r.rejectedCount)],
    ["Time", `${fmtNum(r.elapsedMs, 0)} ms`],
  ];
  return h("div", { class: "report", "data-testid": "import-report" },
    h("h3", null, "Batch report"),
    h("dl", { class: "facts" }, ...items.flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    r.rejections.length ? rejectionTable(r.rejections, r.rejectedCount) : null);
}

function rejectionTable(rows: ImportReport["rejections"], total?: number): HTMLElement {
  return h("div", null,
    h("h4", null, total && total > rows.length ? `Rejected lines (first ${rows.length} of ${fmtInt(total)})` : "Rejected lines"),
    table([{ text: "Line", num: true }, "Field", "Reason"], rows.map((r) => [String(r.line), r.field ?? "(whole line)", r.reason]), { testid: "rejections" }));
}
