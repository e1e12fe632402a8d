using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Storage;
using nietras.SeparatedValues;

namespace InfluenceGraph.Cli.Commands;

/// <summary>
/// <c>influencegraph audience</c> and <c>influencegraph path</c>: who sees the posts of an account or of
/// a set of accounts, and through which follower chains one account's posts reach another.
/// </summary>
/// <remarks>
/// <code>
/// influencegraph audience (--graph NAME [--db PATH] | --demo [--seed N]) ACCOUNT... [--hops H] [--overlap] [--csv | --json]
/// influencegraph path (--graph NAME [--db PATH] | --demo [--seed N]) FROM TO [--limit N] [--json]
/// </code>
/// <para>
/// <c>audience</c>, one account: its audience curve (new accounts at each hop 1..H, cumulative, share of
/// the graph). Several accounts: the union of their H-hop audiences (a member counts when another member
/// reaches it), each member's audience and unique audience (reached by no other member); with
/// <c>--overlap</c> (at most 100 accounts) the pairwise intersection, Jaccard index and overlap
/// coefficient. <c>--csv</c> prints the curve (one account), the members (several) or the overlap in long
/// form <c>a,b,intersection,jaccard,overlap</c> (with <c>--overlap</c>), the columns of the API's CSV.
/// Duplicates collapse; unknown accounts are an error naming them (exit 2).
/// </para>
/// <para>
/// <c>path</c>: the shortest chains FROM = x0, x1, ..., xk = TO where each account follows the one before
/// it, so TO sees FROM's posts in k hops; or why it does not (exit 0 either way; 2 on bad input).
/// </para>
/// </remarks>
public static class AudienceCommand
{
    /// <summary>Most hops accepted (as the API).</summary>
    public const int MaxHops = 6;

    private static readonly JsonSerializerOptions JsonOptions = new(CliJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record GraphSource(Option<string?> Graph, Option<string> Db, Option<bool> Demo, Option<int> Seed)
    {
        private readonly VersionOptions _at = VersionOptions.Create();

        public static GraphSource Create() => new(
            new Option<string?>("--graph") { Description = "Graph name in the database (see 'influencegraph graphs').", HelpName = "NAME" },
            ImportCli.DbOption(),
            new Option<bool>("--demo") { Description = "Use the seeded demo network (the API's 'default' graph) instead of a stored graph." },
            new Option<int>("--seed") { Description = "Seed of the demo network.", DefaultValueFactory = _ => 42, HelpName = "N" });

        public void AddTo(Command c) { c.Options.Add(Graph); c.Options.Add(Db); c.Options.Add(Demo); c.Options.Add(Seed); _at.AddTo(c); }

        public GraphState Load(ParseResult p)
        {
            string? name = p.GetValue(Graph);
            bool demo = p.GetValue(Demo);
            if (demo == (name is not null)) throw new ArgumentException("give either --graph NAME (a stored graph) or --demo.");
            if (!demo && p.GetResult(Seed) is { Implicit: false }) throw new ArgumentException("--seed only applies to --demo.");
            if (demo && _at.Given(p)) throw new ArgumentException("--version and --as-of apply to a stored graph (--graph), not to --demo.");
            if (demo)
            {
                var network = DemoNetwork.Generate(p.GetValue(Seed));
                return new GraphState("demo", 1, network.Graph, network.Attributes, DateTimeOffset.UtcNow, null);
            }
            GraphCatalog.ValidateName(name!);
            using var catalog = GraphCatalog.OpenForReading(p.GetValue(Db));
            return _at.Resolve(catalog, name!, p);
        }
    }

    /// <summary>Creates the <c>audience</c> verb.</summary>
    public static Command CreateAudience()
    {
        var source = GraphSource.Create();
        var accounts = new Argument<string[]>("ACCOUNT") { Description = "Account handles (one or more, at most 1000).", Arity = ArgumentArity.OneOrMore };
        var hops = new Option<int>("--hops") { Description = $"Hops H, 1..{MaxHops}: 1 = followers, 2 = followers and their followers, ...", DefaultValueFactory = _ => 2, HelpName = "H" }.Within(1, MaxHops);
        var overlap = new Option<bool>("--overlap") { Description = "Also the pairwise overlap of the members' audiences (intersection, Jaccard, overlap coefficient; at most 100 accounts)." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV: the curve (one account), the members (several), or the overlap in long form with --overlap." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("audience", "Who sees the posts of an account or of a set of accounts within H hops: audience curve, union, unique audiences, overlap.");
        source.AddTo(cmd);
        cmd.Arguments.Add(accounts);
        cmd.Options.Add(hops); cmd.Options.Add(overlap); cmd.Options.Add(csv); cmd.Options.Add(json);
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            if (p.GetValue(json) && p.GetValue(csv)) throw new ArgumentException("choose one of --json and --csv.");
            int h = p.GetValue(hops);
            if (h is < 1 or > MaxHops) throw new ArgumentException($"--hops must be in 1..{MaxHops} (got {h}).");
            var names = p.GetValue(accounts)!;
            if (names.Length > 1000) throw new ArgumentException($"at most 1000 accounts (got {names.Length}).");
            var state = source.Load(p);
            var g = state.Snapshot;
            var nodes = names.Select(a => AccountArgument.Resolve(state, a, Console.Error)).ToList();
            bool wantOverlap = p.GetValue(overlap);
            int distinct = nodes.Distinct().Count();
            if (wantOverlap && distinct > 100) throw new ArgumentException($"--overlap takes at most 100 distinct accounts (got {distinct}).");

            var setOptions = new SetAudienceOptions { OverlapLimit = wantOverlap ? 100 : 0 };
            Core.Metrics.MemoryBudget.Check(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"audience of {distinct:N0} accounts on graph '{state.Name}' ({g.NodeCount:N0} accounts, {g.EdgeCount:N0} follows)"),
                SetAudiences.EstimateMemoryBytes(g, distinct, h, setOptions), ImportCli.AvailableMemoryBytes(),
                "fewer accounts in the set (--overlap keeps up to n/8 bytes per account)");
            var set = SetAudiences.Compute(g, nodes, h, setOptions);
            var curve = set.Members.Count == 1 ? Audiences.Of(g, set.Members[0], h) : null;
            if (p.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(state, set, curve), JsonOptions));
            else if (p.GetValue(csv)) WriteCsv(set, curve, wantOverlap);
            else WriteText(state, set, curve, wantOverlap);
            return 0;
        }));
        return cmd;
    }

    /// <summary>Creates the <c>path</c> verb.</summary>
    public static Command CreatePath()
    {
        var source = GraphSource.Create();
        var from = new Argument<string>("FROM") { Description = "The account whose posts travel." };
        var to = new Argument<string>("TO") { Description = "The account that may see them." };
        var limit = new Option<int>("--limit") { Description = "Most chains to print, 1..100.", DefaultValueFactory = _ => 10, HelpName = "N" }.Within(1, 100);
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("path", "How FROM's posts reach TO: the shortest follower chains (TO follows ... follows FROM), or why TO does not see them.");
        source.AddTo(cmd);
        cmd.Arguments.Add(from); cmd.Arguments.Add(to);
        cmd.Options.Add(limit); cmd.Options.Add(json);
        cmd.SetAction(p => ImportCli.Guard(() =>
        {
            int l = p.GetValue(limit);
            if (l is < 1 or > 100) throw new ArgumentException($"--limit must be in 1..100 (got {l}).");
            var state = source.Load(p);
            var g = state.Snapshot;
            string a = p.GetValue(from)!, b = p.GetValue(to)!;
            int fa = AccountArgument.Resolve(state, a, Console.Error, "FROM");
            int tb = AccountArgument.Resolve(state, b, Console.Error, "TO");
            if (fa == tb) throw new ArgumentException("FROM and TO are the same account.");
            var r = FollowerPaths.Find(g, fa, tb, l);
            var chains = r.Chains.Select(c => c.Select(v => g.Accounts[v]).ToArray()).ToList();
            if (p.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    graph = state.Name, version = state.Version, from = g.Accounts[fa], to = g.Accounts[tb],
                    seesPosts = r.Found, hops = r.Found ? r.Hops : (int?)null, pathCount = r.PathCount, paths = chains,
                    truncated = r.PathCount > chains.Count, reason = r.Reason,
                }, JsonOptions));
                return 0;
            }
            var inv = CultureInfo.InvariantCulture;
            if (!r.Found)
            {
                Console.Out.WriteLine($"{g.Accounts[tb]} does not see the posts of {g.Accounts[fa]}. {r.Reason}");
                return 0;
            }
            Console.Out.WriteLine(string.Create(inv,
                $"{g.Accounts[tb]} sees the posts of {g.Accounts[fa]} in {r.Hops} hop{(r.Hops == 1 ? "" : "s")}; {r.PathCount:N0} shortest chain{(r.PathCount == 1 ? "" : "s")}{(r.PathCount > chains.Count ? $", the first {chains.Count} shown" : "")} (each account follows the one before it):"));
            foreach (var c in chains) Console.Out.WriteLine("  " + string.Join(" -> ", c));
            return 0;
        }));
        return cmd;
    }

    private static object ToJson(GraphState state, SetAudience r, AudienceCurve? curve)
    {
        var g = r.Graph;
        int n = g.NodeCount;
        var names = r.Members.Select(v => g.Accounts[v]).ToList();
        return new
        {
            graph = state.Name,
            version = state.Version,
            hops = r.Hops,
            graphAccounts = n,
            union = r.UnionSize,
            unionShare = r.UnionShare,
            unionWithMembers = r.UnionWithMembersSize,
            sumOfAudiences = r.AudienceSizes.Sum(x => (long)x),
            members = Enumerable.Range(0, names.Count).Select(i => new
            {
                account = names[i],
                audience = r.AudienceSizes[i],
                share = n == 0 ? 0 : (double)r.AudienceSizes[i] / n,
                unique = r.UniqueSizes[i],
                uniqueShareOfAudience = r.AudienceSizes[i] == 0 ? (double?)null : (double)r.UniqueSizes[i] / r.AudienceSizes[i],
            }),
            complete = curve?.IsComplete,
            completeReason = curve?.CompletenessReason,
            curve = curve is null ? null : Enumerable.Range(0, curve.Hops).Select(i => new { hop = i + 1, @new = curve.NewPerHop[i], cumulative = curve.Cumulative[i], share = curve.ShareAt(i) }),
            overlap = !r.HasOverlap ? null : (
                from i in Enumerable.Range(0, names.Count)
                from j in Enumerable.Range(0, names.Count)
                select new { a = names[i], b = names[j], intersection = r.Intersection(i, j), jaccard = r.Jaccard(i, j), overlap = r.OverlapCoefficient(i, j) }),
        };
    }

    private static void WriteCsv(SetAudience r, AudienceCurve? curve, bool overlap)
    {
        var g = r.Graph;
        var inv = CultureInfo.InvariantCulture;
        string Num(double x) => x.ToString("R", inv);
        string Opt(double? x) => x is double d ? Num(d) : "";
        var names = r.Members.Select(v => g.Accounts[v]).ToList();
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = inv }).To(Console.Out);
        if (overlap)
        {
            for (int i = 0; i < names.Count; i++)
                for (int j = 0; j < names.Count; j++)
                {
                    using var row = writer.NewRow();
                    row["a"].Set(names[i]); row["b"].Set(names[j]);
                    row["intersection"].Format(r.Intersection(i, j));
                    row["jaccard"].Set(Opt(r.Jaccard(i, j))); row["overlap"].Set(Opt(r.OverlapCoefficient(i, j)));
                }
        }
        else if (curve is not null)
        {
            for (int i = 0; i < curve.Hops; i++)
            {
                using var row = writer.NewRow();
                row["hop"].Format(i + 1); row["new"].Format(curve.NewPerHop[i]); row["cumulative"].Format(curve.Cumulative[i]); row["share"].Set(Num(curve.ShareAt(i)));
            }
        }
        else
        {
            int n = g.NodeCount;
            for (int i = 0; i < names.Count; i++)
            {
                using var row = writer.NewRow();
                row["account"].Set(names[i]);
                row["audience"].Format(r.AudienceSizes[i]);
                row["share"].Set(Num(n == 0 ? 0 : (double)r.AudienceSizes[i] / n));
                row["unique"].Format(r.UniqueSizes[i]);
                row["unique_share_of_audience"].Set(r.AudienceSizes[i] == 0 ? "" : Num((double)r.UniqueSizes[i] / r.AudienceSizes[i]));
            }
        }
    }

    private static void WriteText(GraphState state, SetAudience r, AudienceCurve? curve, bool overlap)
    {
        var g = r.Graph;
        var inv = CultureInfo.InvariantCulture;
        int n = g.NodeCount;
        string Pct(double x) => (100 * x).ToString("0.0", inv) + "%";
        var names = r.Members.Select(v => g.Accounts[v]).ToList();
        if (curve is not null)
        {
            Console.Out.WriteLine(string.Create(inv,
                $"'{names[0]}' on graph '{state.Name}' version {state.Version} ({n:N0} accounts): {curve.Size:N0} accounts see its posts within {r.Hops} hop{(r.Hops == 1 ? "" : "s")} ({Pct(curve.ShareAt(curve.Hops - 1))})")
                + "; " + curve.CompletenessReason + ".");
            Console.Out.WriteLine("hop  new        cumulative  share");
            for (int i = 0; i < curve.Hops; i++)
                Console.Out.WriteLine(string.Create(inv, $"{i + 1,-4} {curve.NewPerHop[i],-10:N0} {curve.Cumulative[i],-11:N0} {Pct(curve.ShareAt(i))}"));
        }
        else
        {
            long sum = r.AudienceSizes.Sum(x => (long)x);
            Console.Out.WriteLine(string.Create(inv,
                $"{names.Count} accounts on graph '{state.Name}' version {state.Version} ({n:N0} accounts), {r.Hops} hop{(r.Hops == 1 ? "" : "s")}: together they reach {r.UnionSize:N0} accounts ({Pct(r.UnionShare)}); their audiences add up to {sum:N0}."));
            int width = Math.Max(7, names.Max(s => s.Length));
            Console.Out.WriteLine("account".PadRight(width) + "  audience    unique      unique share");
            for (int i = 0; i < names.Count; i++)
                Console.Out.WriteLine(string.Create(inv,
                    $"{names[i].PadRight(width)}  {r.AudienceSizes[i],-11:N0} {r.UniqueSizes[i],-11:N0} {(r.AudienceSizes[i] == 0 ? "-" : Pct((double)r.UniqueSizes[i] / r.AudienceSizes[i]))}"));
        }
        if (overlap && names.Count > 1)
        {
            Console.Out.WriteLine("overlap (pairs, most similar first):");
            var pairs = from i in Enumerable.Range(0, names.Count)
                        from j in Enumerable.Range(i + 1, names.Count - i - 1)
                        orderby r.Jaccard(i, j) ?? -1 descending, names[i], names[j]
                        select (i, j);
            string Ratio(double? x) => x is double d ? d.ToString("0.00", inv) : "-";
            foreach (var (i, j) in pairs)
            {
                string jac = Ratio(r.Jaccard(i, j)), ov = Ratio(r.OverlapCoefficient(i, j));
                Console.Out.WriteLine(string.Create(inv, $"  {names[i]} & {names[j]}: {r.Intersection(i, j):N0} in common, Jaccard {jac}, overlap {ov}"));
            }
        }
    }
}
