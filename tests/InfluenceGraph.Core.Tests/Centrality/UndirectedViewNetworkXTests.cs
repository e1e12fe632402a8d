using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Centrality;

/// <summary>
/// The undirected view and harmonic closeness against NetworkX itself, run at test time by
/// <c>/usr/bin/python3</c> on seeded random follower graphs written by the test (nothing hard-coded):
/// <c>betweenness_centrality(G.to_undirected(), normalized=…)</c> and
/// <c>harmonic_centrality(G)</c> / <c>harmonic_centrality(G.to_undirected())</c>.
/// </summary>
public class UndirectedViewNetworkXTests
{
    private const string Script = """
import sys, networkx as nx
G = nx.DiGraph()
for line in open(sys.argv[1]):
    t = line.split()
    if len(t) == 1: G.add_node(t[0])
    elif len(t) >= 2: G.add_edge(t[0], t[1])
U = G.to_undirected()
cols = {
    'bc_u_norm': nx.betweenness_centrality(U, normalized=True),
    'bc_u_raw': nx.betweenness_centrality(U, normalized=False),
    'bc_u_ep': nx.betweenness_centrality(U, normalized=False, endpoints=True),
    'hc_d': nx.harmonic_centrality(G),
    'hc_u': nx.harmonic_centrality(U),
}
for v in G.nodes:
    print(v, *(repr(float(cols[c][v])) for c in cols))
""";

    [PythonFact("networkx")]
    public void UndirectedBetweennessAndHarmonic_MatchNetworkX()
    {
        foreach (int seed in new[] { 7, 8 })
        {
            var rng = new Random(seed);
            var b = new GraphBuilder();
            var lines = new List<string>();
            for (int i = 0; i < 400; i++)
            {
                // A few hubs, reciprocal follows and self-loops, so the views differ.
                string u = "u" + rng.Next(140), v = "u" + (rng.Next(4) == 0 ? rng.Next(6) : rng.Next(140));
                lines.Add($"{u} {v}");
                if (rng.Next(5) == 0) lines.Add($"{v} {u}");
            }
            lines.Add("lonely");
            foreach (var l in lines)
            {
                var p = l.Split(' ');
                if (p.Length == 1) b.AddAccount(p[0]); else b.AddEdge(p[0], p[1]);
            }
            var g = b.Build();
            string file = Path.Combine(Path.GetTempPath(), $"ig-undirected-{Environment.ProcessId}-{seed}.txt");
            File.WriteAllLines(file, lines);
            try
            {
                var (code, stdout, stderr) = PythonOracle.Run(Script, TimeSpan.FromMinutes(3), file);
                Assert.True(code == 0, stderr);
                var nx = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
                    .ToDictionary(f => f[0], f => f.Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray());
                Assert.Equal(g.NodeCount, nx.Count);
                var ours = new[]
                {
                    Betweenness.Compute(g, new BetweennessOptions { Undirected = true }),
                    Betweenness.Compute(g, new BetweennessOptions { Undirected = true, Normalized = false }),
                    Betweenness.Compute(g, new BetweennessOptions { Undirected = true, Normalized = false, Endpoints = true }),
                    (CentralityResult)Harmonic.Compute(g),
                    Harmonic.Compute(g, new HarmonicOptions { Undirected = true }),
                };
                string[] names = ["betweenness undirected normalized", "betweenness undirected raw", "betweenness undirected endpoints", "harmonic", "harmonic undirected"];
                for (int c = 0; c < ours.Length; c++)
                    foreach (var (account, values) in nx)
                    {
                        double want = values[c], got = ours[c].ScoreOf(account);
                        Assert.True(Math.Abs(want - got) <= 1e-9 * Math.Max(1, Math.Abs(want)), $"seed {seed} {names[c]} {account}: NetworkX {want:R}, ours {got:R}");
                    }
                Assert.Contains(nx.Values, v => v[0] > 0);
            }
            finally { File.Delete(file); }
        }
    }
}
