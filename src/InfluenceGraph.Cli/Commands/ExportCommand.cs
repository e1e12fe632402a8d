using System.CommandLine;
using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Export;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph export</c>: a graph out to Gephi, NetworkX, igraph, pandas, DuckDB or Spark — the files of the API's
/// <c>GET /graphs/{graph}/export</c>, written by the same Core exporters.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph export (--graph NAME [--db PATH] | --demo) --format graphml|gexf|parquet
///     [--table accounts|edges|ranking|influencers] [--metrics pagerank,followers,...] [--metric NAME] [--spheres] --out FILE
/// </code>
/// <para>GraphML/GEXF: the directed follower network (source = follower, target = followee), nodes by handle with followers,
/// followees, the imported attributes, one attribute per metric of <c>--metrics</c> (default options; none by default, as the
/// CLI keeps no cache) and, with <c>--spheres</c>, <c>sphere</c> (the default Leiden community id). Parquet: <c>--table</c>
/// accounts (default; the same columns with <c>account</c> first), edges, ranking (of <c>--metric</c>, default pagerank:
/// rank, account, score, percentile) or influencers (the influencer CSV columns, default query).</para>
/// <para>Exit codes: 0 written; 2 a bad option value (the message names the option), unreadable database or unknown graph,
/// nothing written; 130 cancelled. <c>--out -</c> writes to standard output.</para>
/// </remarks>
public static class ExportCommand
{
    /// <summary>Formats of <c>--format</c>.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["graphml", "gexf", "parquet"];

    /// <summary>Tables of <c>--table</c> (Parquet only).</summary>
    public static IReadOnlyList<string> Tables { get; } = ["accounts", "edges", "ranking", "influencers"];

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var graph = new Option<string?>("--graph") { Description = "Name of an imported graph (see 'influencegraph graphs').", HelpName = "NAME" };
        var demo = new Option<bool>("--demo") { Description = "Export the built-in demo network instead of an imported graph." };
        var db = ImportCli.DbOption();
        var format = new Option<string>("--format") { Description = "graphml (default), gexf or parquet.", HelpName = "FORMAT", DefaultValueFactory = _ => "graphml" };
        var table = new Option<string?>("--table") { Description = "Parquet only: accounts (default), edges, ranking or influencers.", HelpName = "TABLE" };
        var metrics = new Option<string?>("--metrics") { Description = "Metric columns for GraphML, GEXF and the accounts table, comma-separated (default options), e.g. pagerank,betweenness; aliases such as in_degree are accepted. followers and followees are always columns of the account table.", HelpName = "LIST" };
        var metric = new Option<string?>("--metric") { Description = "--table ranking only: the metric ranked (default pagerank).", HelpName = "NAME" };
        var spheres = new Option<bool>("--spheres") { Description = "Add the sphere (default Leiden community id) as a node attribute / column." };
        var output = new Option<string>("--out") { Description = "File to write ('-' = standard output).", HelpName = "FILE", Required = true };
        var cmd = new Command("export", "Write a graph as GraphML or GEXF (Gephi, NetworkX, igraph) or a Parquet table (pandas, DuckDB, Spark).")
            { graph, demo, db, format, table, metrics, metric, spheres, output };
        cmd.SetAction((p, ct) => Task.FromResult(ImportCli.Guard(() =>
        {
            string fmt = p.GetValue(format)!.Trim().ToLowerInvariant();
            if (!Formats.Contains(fmt)) throw new ArgumentException($"--format must be graphml, gexf or parquet, not '{p.GetValue(format)}'.");
            string? tableName = p.GetValue(table)?.Trim().ToLowerInvariant();
            if (tableName is not null && fmt != "parquet") throw new ArgumentException("--table applies to --format parquet only (GraphML and GEXF hold the whole graph).");
            tableName ??= "accounts";
            if (!Tables.Contains(tableName)) throw new ArgumentException($"--table must be accounts, edges, ranking or influencers, not '{p.GetValue(table)}'.");
            if (p.GetValue(metric) is not null && tableName != "ranking") throw new ArgumentException("--metric applies to --table ranking only (use --metrics for metric columns).");
            if (p.GetValue(metrics) is not null && tableName != "accounts") throw new ArgumentException("--metrics applies to GraphML, GEXF and the accounts table only.");
            string name = p.GetValue(graph) ?? "";
            bool useDemo = p.GetValue(demo);
            if (useDemo == (name.Length > 0)) throw new ArgumentException("--graph: give --graph NAME or --demo (exactly one).");

            var chosen = new List<Metric>();
            foreach (var m in (p.GetValue(metrics) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var def = MetricCatalog.Default.Find(m) ?? throw new ArgumentException($"--metrics: unknown metric '{m}'; known: {string.Join(", ", MetricCatalog.Default.Names)}.");
                if (!chosen.Contains(def)) chosen.Add(def);
            }
            if (p.GetValue(metrics) is not null && chosen.Count == 0) throw new ArgumentException("--metrics must list at least one metric.");
            Metric? ranked = null;
            if (tableName == "ranking")
                ranked = MetricCatalog.Default.Find(p.GetValue(metric) ?? "pagerank") ?? throw new ArgumentException($"--metric: unknown metric '{p.GetValue(metric)}'; known: {string.Join(", ", MetricCatalog.Default.Names)}.");

            GraphState state;
            if (useDemo)
            {
                var network = DemoNetwork.Generate(42);
                state = new GraphState("demo", 1, network.Graph, network.Attributes, DateTimeOffset.UtcNow, null);
            }
            else
            {
                GraphCatalog.ValidateName(name);
                using var catalog = GraphCatalog.OpenForReading(p.GetValue(db));
                state = catalog.Get(name) ?? throw new ArgumentException($"--graph: no graph named '{name}' in {catalog.DatabasePath}; list them with 'influencegraph graphs'.");
            }
            var g = state.Snapshot;
            Func<Stream, Task> write;
            switch (tableName)
            {
                case "edges":
                    write = s => ParquetExport.WriteAsync(ExportTables.Edges(g), s, ct);
                    break;
                case "ranking":
                {
                    var result = ranked!.Compute(g, ranked.Normalize(MetricArguments.Empty, g), null, ct);
                    write = s => ParquetExport.WriteAsync(ExportTables.Ranking(result), s, ct);
                    break;
                }
                case "influencers":
                {
                    var report = Influencers.Find(InfluenceSignals.Compute(state, cancellationToken: ct), new InfluencerQuery { Top = 0 });
                    write = s => ParquetExport.WriteAsync(ExportTables.Influencers(report.Candidates), s, ct);
                    break;
                }
                default:
                {
                    var computed = ExportTables.WithoutBuiltinColumns(chosen).Select(m => ExportTables.MetricColumn(m.Name, m.Compute(g, m.Normalize(MetricArguments.Empty, g), null, ct))).ToList();
                    if (p.GetValue(spheres))
                    {
                        var membership = Leiden.Run(g, new LeidenOptions(), ct).Membership;
                        computed.Add(new ExportColumn("sphere", ExportColumnType.Integer, v => (long)membership[v]));
                    }
                    var nodes = ExportTables.Accounts(g, state.Attributes, computed, includeAccount: fmt == "parquet");
                    write = fmt switch
                    {
                        "parquet" => s => ParquetExport.WriteAsync(nodes, s, ct),
                        "gexf" => s => GraphFileExport.WriteGexfAsync(g, nodes, s, ct),
                        _ => s => GraphFileExport.WriteGraphMlAsync(g, nodes, s, ct),
                    };
                    break;
                }
            }

            string path = p.GetValue(output)!;
            if (path == "-")
            {
                // Written whole first: a failure leaves nothing half-written on stdout.
                using var buffer = new MemoryStream();
                write(buffer).GetAwaiter().GetResult();
                using var stdout = Console.OpenStandardOutput();
                buffer.Position = 0;
                buffer.CopyTo(stdout);
                return 0;
            }
            // Written to a temporary file beside the target, then moved: never a half-written file under the name asked for.
            string full = Path.GetFullPath(path);
            string temp = full + ".partial-" + Environment.ProcessId;
            try
            {
                using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                    write(file).GetAwaiter().GetResult();
                File.Move(temp, full, overwrite: true);
            }
            finally { if (File.Exists(temp)) File.Delete(temp); }
            Console.Error.WriteLine($"wrote {full} ({new FileInfo(full).Length:N0} bytes; graph '{state.Name}' version {state.Version}, {g.NodeCount:N0} accounts, {g.EdgeCount:N0} follows)");
            return 0;
        })));
        return cmd;
    }
}
