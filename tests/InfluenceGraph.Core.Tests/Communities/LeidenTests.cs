using InfluenceGraph.Core.Communities;
using InfluenceGraph.Core.Generators;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Communities;

public class LeidenTests
{
    private static GraphSnapshot Graph(string edges)
    {
        var b = new GraphBuilder();
        foreach (string pair in edges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var t = pair.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 1) b.AddAccount(t[0]); else b.AddEdge(t[0], t[1]);
        }
        return b.Build();
    }

    private static int[] Membership(GraphSnapshot g, params string[][] groups)
    {
        var m = new int[g.NodeCount];
        for (int c = 0; c < groups.Length; c++)
            foreach (string a in groups[c]) { Assert.True(g.TryGetNode(a, out int v)); m[v] = c; }
        return m;
    }

    /// <summary>Planted partition: <paramref name="blocks"/> blocks of <paramref name="size"/> accounts, directed follows with probability pIn inside a block and pOut across.</summary>
    internal static (GraphSnapshot Graph, int[] Blocks) Sbm(int blocks, int size, double pIn, double pOut, int seed)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder();
        int n = blocks * size;
        for (int v = 0; v < n; v++) b.AddAccount("a" + v);
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++)
                if (u != v && rng.NextDouble() < (u / size == v / size ? pIn : pOut)) b.AddEdge(u, v);
        var g = b.Build();
        var truth = new int[n];
        for (int v = 0; v < n; v++) { g.TryGetNode("a" + v, out int id); truth[id] = v / size; }
        return (g, truth);
    }

    /// <summary>Asserts that every community induces a connected subgraph of the undirected view.</summary>
    internal static void AssertConnected(GraphSnapshot g, int[] membership)
    {
        int n = g.NodeCount;
        var seen = new bool[n];
        var started = new HashSet<int>();
        for (int s = 0; s < n; s++)
        {
            if (seen[s]) continue;
            Assert.True(started.Add(membership[s]), $"community {membership[s]} is not connected (second component reached from account {g.Accounts[s]})");
            var stack = new Stack<int>([s]); seen[s] = true;
            while (stack.Count > 0)
            {
                int v = stack.Pop();
                foreach (var span in new[] { g.Followees(v).ToArray(), g.Followers(v).ToArray() })
                    foreach (int u in span)
                        if (!seen[u] && membership[u] == membership[v]) { seen[u] = true; stack.Push(u); }
            }
        }
    }

    [Fact]
    public void UndirectedModularity_TwoTrianglesJoinedByAnEdge_IsFiveFourteenths()
    {
        // Ties a-b, b-c, c-a, d-e, e-f, f-d, c-d (m = 7); each community has L = 3, K = 7: Q = 2 (3/7 − 1/4) = 5/14.
        var g = Graph("a b, b c, c a, d e, e f, f d, c d");
        var m = Membership(g, ["a", "b", "c"], ["d", "e", "f"]);
        Assert.Equal(5.0 / 14, Leiden.UndirectedModularity(g, m), 12);
    }

    [Fact]
    public void UndirectedModularity_MutualFollowWeighsTwo_SelfLoopIgnored()
    {
        // a<->b (tie weight 2), b->c (1): m = 3, k = (2, 3, 1); {a,b},{c}: 2/3 − (5/6)² − (1/6)² = −1/18.
        // Counting the mutual follow once would give 1/2 − (3/4)² − (1/4)² = −1/8.
        var g = Graph("a b, b a, b c, c c");
        var m = Membership(g, ["a", "b"], ["c"]);
        Assert.Equal(-1.0 / 18, Leiden.UndirectedModularity(g, m), 12);
    }

    [Fact]
    public void DirectedModularity_LeichtNewman_HandComputed()
    {
        // a->b, b->a, b->c (m = 3). k_out = (1, 2, 0), k_in = (1, 1, 1).
        // singletons: −(1·1 + 2·1 + 0·1)/9 = −1/3; {a,b},{c}: 2/3 − (3·2)/9 − 0 = 0.
        var g = Graph("a b, b a, b c");
        Assert.Equal(-1.0 / 3, Leiden.Modularity(g, Membership(g, ["a"], ["b"], ["c"]), directed: true), 12);
        Assert.Equal(0.0, Leiden.Modularity(g, Membership(g, ["a", "b"], ["c"]), directed: true), 12);
    }

    [Fact]
    public void Run_TwoTriangles_FindsBothAndReportsTheirModularity()
    {
        var g = Graph("a b, b c, c a, d e, e f, f d, c d");
        var r = Leiden.Run(g);
        Assert.Equal(2, r.Count);
        Assert.Equal(r.Membership[Node(g, "a")], r.Membership[Node(g, "c")]);
        Assert.NotEqual(r.Membership[Node(g, "c")], r.Membership[Node(g, "d")]);
        Assert.Equal(5.0 / 14, r.Quality, 12);
        Assert.Equal(5.0 / 14, r.Modularity, 12);
        Assert.True(r.Converged);
    }

    [Fact]
    public void Run_Cpm_ResolutionIsADensityThreshold()
    {
        // CPM: two triangles (density 1) joined by one tie. γ = 0.5: 2·(3 − 0.5·9/2) = 1.5 > 7 − 0.5·36/2 = −2 → split;
        // γ = 0.01: 7 − 0.18 = 6.82 > 6 − 0.09 → one community.
        var g = Graph("a b, b c, c a, d e, e f, f d, c d");
        Assert.Equal(2, Leiden.Run(g, new LeidenOptions { Objective = CommunityObjective.Cpm, Resolution = 0.5 }).Count);
        Assert.Equal(1, Leiden.Run(g, new LeidenOptions { Objective = CommunityObjective.Cpm, Resolution = 0.01 }).Count);
    }

    [Fact]
    public void Run_IsolatedAccounts_AreSingletons_SizesLargestFirst()
    {
        var g = Graph("a b, b c, c a, x, y");
        var r = Leiden.Run(g);
        Assert.Equal([3, 1, 1], r.Sizes);
        Assert.Equal(0, r.Membership[Node(g, "a")]);
        Assert.NotEqual(r.Membership[Node(g, "x")], r.Membership[Node(g, "y")]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_PlantedPartition_RecoversTheBlocks(bool directed)
    {
        var (g, truth) = Sbm(blocks: 5, size: 60, pIn: 0.12, pOut: 0.006, seed: 7);
        var r = Leiden.Run(g, new LeidenOptions { Directed = directed, Seed = 3 });
        double nmi = PartitionComparison.NormalizedMutualInformation(truth, r.Membership);
        Assert.True(nmi >= 0.9, $"NMI {nmi:F3} with {r.Count} communities");
        Assert.True(PartitionComparison.AdjustedRandIndex(truth, r.Membership) >= 0.9);
        AssertConnected(g, r.Membership);
        // The planted partition's own modularity is a floor for what a good optimiser finds.
        Assert.True(r.Quality >= Leiden.Modularity(g, truth, directed) - 1e-9, $"{r.Quality} < planted");
    }

    [Fact]
    public void Run_SameSeed_SamePartitionWhateverTheThreadCount()
    {
        var g = DemoNetwork.Generate(42).Graph;
        var one = Leiden.Run(g, new LeidenOptions { Seed = 11, MaxDegreeOfParallelism = 1 });
        var four = Leiden.Run(g, new LeidenOptions { Seed = 11, MaxDegreeOfParallelism = 4 });
        var again = Leiden.Run(g, new LeidenOptions { Seed = 11 });
        Assert.Equal(one.Membership, four.Membership);
        Assert.Equal(one.Membership, again.Membership);
        Assert.Equal(one.Quality, four.Quality);
        Assert.True(one.Count > 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_RandomGraphs_EveryCommunityConnected_QualityMatchesRecomputation(int seed)
    {
        var g = Rmat.Generate(new RmatOptions { Edges = 12000, Nodes = 2000, Seed = (ulong)seed }).ToSnapshot();
        var r = Leiden.Run(g, new LeidenOptions { Seed = (ulong)seed });
        AssertConnected(g, r.Membership);
        Assert.Equal(Leiden.UndirectedModularity(g, r.Membership), r.Modularity, 9);
        Assert.Equal(r.Membership.Length, r.Sizes.Sum());
        for (int i = 1; i < r.Sizes.Length; i++) Assert.True(r.Sizes[i - 1] >= r.Sizes[i]);
        // Directed modularity run: also connected, and its quality is the directed modularity.
        var d = Leiden.Run(g, new LeidenOptions { Seed = (ulong)seed, Directed = true });
        AssertConnected(g, d.Membership);
        Assert.Equal(Leiden.Modularity(g, d.Membership, directed: true), d.Quality, 9);
    }

    [Fact]
    public void Options_BadValues_AreRejectedByName()
    {
        var g = Graph("a b");
        Assert.Contains("resolution", Assert.Throws<ArgumentOutOfRangeException>(() => Leiden.Run(g, new LeidenOptions { Resolution = 0 })).Message);
        Assert.Contains("maxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => Leiden.Run(g, new LeidenOptions { MaxIterations = 0 })).Message);
        Assert.Throws<ArgumentException>(() => Leiden.Run(g, new LeidenOptions { Objective = CommunityObjective.Cpm, Directed = true }));
    }

    public static TheoryData<string, string> SharedNetworks => new()
    {
        { "soc-slashdot0902", "data/soc-slashdot0902/soc-Slashdot0902.txt.gz" },
        { "wiki-vote", "data/wiki-vote/Wiki-Vote.txt" },
        { "email-eu-core", "data/email-eu-core/email-Eu-core.txt.gz" },
        { "polblogs", "data/polblogs/polblogs.gml" },
        { "facebook-combined", "data/facebook-combined/facebook_combined.txt.gz" },
    };

    [SharedTheory]
    [MemberData(nameof(SharedNetworks))]
    public void Run_SharedNetworks_ConnectedDeterministicAndBetterThanTrivial(string name, string file)
    {
        var g = EdgeImport.Load(SharedData.Path(file), new EdgeImportOptions { SourceName = Path.GetFileName(file) });
        var r = Leiden.Run(g, new LeidenOptions { Seed = 5, MaxDegreeOfParallelism = 2 });
        AssertConnected(g, r.Membership);
        var again = Leiden.Run(g, new LeidenOptions { Seed = 5, MaxDegreeOfParallelism = 1 });
        Assert.Equal(r.Membership, again.Membership);
        Assert.Equal(Leiden.UndirectedModularity(g, r.Membership), r.Modularity, 9);
        // Every account alone, or everyone together, scores at most 0; a real community structure scores well above.
        Assert.True(r.Modularity > 0.25, $"{name}: modularity {r.Modularity:F4}");
    }

    private static int Node(GraphSnapshot g, string a) { Assert.True(g.TryGetNode(a, out int v)); return v; }
}
