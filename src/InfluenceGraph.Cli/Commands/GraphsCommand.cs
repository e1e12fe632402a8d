using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph graphs [--json] [--db PATH]</c>: the graphs of the database with their
/// accounts, edges, version and last import.
/// </summary>
/// <remarks>
/// Text: the database path on the first line, then one row per graph. <c>--json</c>: a JSON array of
/// objects <c>{name, accounts, edges, version, weighted, multigraph, selfLoops, attributes,
/// createdAt, lastImportAt, lastBatch}</c> (camelCase; <c>lastBatch</c> is the newest batch report or
/// null), nothing else on stdout. Exit 0, or 2 when the database cannot be opened.
/// </remarks>
public static class GraphsCommand
{
    /// <summary>One graph as listed by <c>graphs --json</c>.</summary>
    /// <param name="Name">Graph name.</param>
    /// <param name="Accounts">Nodes (accounts in the network).</param>
    /// <param name="Edges">Edges after the duplicate/self-loop policy.</param>
    /// <param name="Version">Completed imports (0 = created empty).</param>
    /// <param name="Weighted">True when edges carry weights.</param>
    /// <param name="Multigraph">True when repeated rows are kept as parallel edges.</param>
    /// <param name="SelfLoops">Self-loop edges kept.</param>
    /// <param name="Attributes">Accounts with imported attributes.</param>
    /// <param name="CreatedAt">Creation time (UTC).</param>
    /// <param name="LastImportAt">Last completed import (UTC), or null.</param>
    /// <param name="LastBatch">Summary of the newest batch, or null.</param>
    public sealed record GraphListing(string Name, int Accounts, long Edges, long Version, bool Weighted, bool Multigraph,
        int SelfLoops, int Attributes, DateTimeOffset CreatedAt, DateTimeOffset? LastImportAt, BatchListing? LastBatch);

    /// <summary>The newest batch of a graph.</summary>
    /// <param name="Id">Batch id.</param>
    /// <param name="Kind"><c>edges</c> or <c>accounts</c>.</param>
    /// <param name="Source">File name.</param>
    /// <param name="Applied">False when rejected rows stopped it.</param>
    /// <param name="RowsRead">Data rows read.</param>
    /// <param name="RejectedCount">Rejected rows.</param>
    public sealed record BatchListing(long Id, string Kind, string? Source, bool Applied, long RowsRead, long RejectedCount);

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {name, accounts, edges, version, ...}." };
        var db = ImportCli.DbOption();
        var cmd = new Command("graphs", "List the graphs of the database (accounts, edges, version, last import) and print the database path.") { json, db };
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            string path = p.GetValue(db)!;
            using var catalog = GraphCatalog.OpenForReading(path);
            var rows = catalog.List().Select(g =>
            {
                var last = catalog.Reports(g.Name).FirstOrDefault();
                return new GraphListing(g.Name, g.Snapshot.NodeCount, g.Snapshot.EdgeCount, g.Version, g.Snapshot.IsWeighted,
                    g.Snapshot.BuildOptions.DuplicateEdges == DuplicateEdgePolicy.Keep, g.Snapshot.SelfLoopCount, g.Attributes.Count,
                    g.CreatedAt, g.LastImportAt,
                    last is null ? null : new BatchListing(last.BatchId, last.Kind, last.Source, last.Applied, last.RowsRead, last.RejectedCount));
            }).ToList();
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, CliJson.Options));
                return 0;
            }
            var inv = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"database: {catalog.DatabasePath}");
            if (rows.Count == 0) { Console.Out.WriteLine("no graphs yet: influencegraph import edges FILE --graph NAME"); return 0; }
            Console.Out.WriteLine($"{"graph",-24} {"accounts",12} {"edges",12} {"version",8}  last import (the batch that made this version)");
            foreach (var r in rows)
            {
                string last = r.LastImportAt is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss'Z'", inv) : "-";
                // Time and label describe the same batch: the first applied one at the current version
                // produced it (later batches there changed nothing; refused ones never count).
                var made = catalog.Reports(r.Name).LastOrDefault(b => b.Applied && b.VersionAfter == r.Version);
                if (made is not null) last += $" ({made.Kind} from {made.Source ?? "?"}, batch {made.BatchId})";
                Console.Out.WriteLine(string.Create(inv, $"{r.Name,-24} {r.Accounts,12:N0} {r.Edges,12:N0} {r.Version,8}  {last}"));
            }
            return 0;
        }));
        return cmd;
    }
}
