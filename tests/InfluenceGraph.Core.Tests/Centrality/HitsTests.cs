using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Centrality;

public class HitsTests
{
    // d1 -> d2, d1 -> d3, d2 -> d3. Hubs h ∝ A Aᵀ h: the dominant eigenvector of [[2,1],[1,1]]
    // on (d1, d2) is (φ, 1) with φ = (1+√5)/2, so h = (φ, 1)/(φ+1) = (0.618034, 0.381966), h(d3) = 0;
    // authorities are the mirror image (networkx _hits_python gives the same to 1e-8).
    [Fact]
    public void Compute_Dag_GivesGoldenRatioSplit()
    {
        var g = TestGraphs.FromPairs([("d1", "d2"), ("d1", "d3"), ("d2", "d3")]);
        var r = Hits.Compute(g);
        double phi = (1 + Math.Sqrt(5)) / 2;
        Assert.True(r.Converged);
        Assert.Equal(phi / (phi + 1), r.Hubs.ScoreOf("d1"), 9);
        Assert.Equal(1 / (phi + 1), r.Hubs.ScoreOf("d2"), 9);
        Assert.Equal(0, r.Hubs.ScoreOf("d3"), 12);
        Assert.Equal(0, r.Authorities.ScoreOf("d1"), 12);
        Assert.Equal(phi / (phi + 1), r.Authorities.ScoreOf("d3"), 9);
    }

    // A directed 3-cycle has three equal singular values: eigen-solvers return an arbitrary vector
    // (networkx 2.8.8 gave a1 = -0.27 ...); power iteration from uniform stays uniform.
    [Fact]
    public void Compute_Cycle_IsUniformAndNonNegative()
    {
        var g = TestGraphs.FromPairs([("a1", "a2"), ("a2", "a3"), ("a3", "a1")]);
        var r = Hits.Compute(g);
        foreach (var s in r.Hubs.Scores.Concat(r.Authorities.Scores)) Assert.Equal(1.0 / 3, s, 12);
    }

    [Fact]
    public void Compute_NoEdges_AllZero()
    {
        var b = new GraphBuilder();
        b.AddAccount("x"); b.AddAccount("y");
        var r = Hits.Compute(b.Build());
        Assert.All(r.Hubs.Scores, s => Assert.Equal(0, s));
        Assert.True(r.Converged);
    }

    [Fact]
    public void Compute_BadTolerance_Throws()
    {
        var g = TestGraphs.FromPairs([("a", "b")]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Hits.Compute(g, new HitsOptions { Tolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hits.Compute(g, new HitsOptions { MaxIterations = 0 }));
    }

    public static TheoryData<string> CaseRuns() => new() { "cycle", "path", "dag" };

    // ../shared/cases/hits-degenerate-spectrum: expected values from its verify.py (numpy power
    // iteration at tol 1e-14, cross-checked with networkx _hits_python).
    [SharedTheory]
    [MemberData(nameof(CaseRuns))]
    public void Compute_SharedCase_MatchesExpectedAndRepeats(string run)
    {
        string dir = SharedData.Path("cases/hits-degenerate-spectrum");
        var g = ImportedGraphs.Load(Path.Combine(dir, run + ".csv"));
        var options = new HitsOptions { Tolerance = 1e-10, MaxIterations = 1000 };
        var results = Enumerable.Range(0, 3).Select(_ => Hits.Compute(g, options)).ToList();
        int checkedRows = 0;
        foreach (var row in File.ReadLines(Path.Combine(dir, "expected.tsv")).Skip(1).Select(l => l.Split('\t')).Where(r => r[0] == run))
        {
            var r = results[0];
            switch (row[1])
            {
                case "hub" or "authority":
                    var scores = row[1] == "hub" ? r.Hubs : r.Authorities;
                    Assert.Equal(double.Parse(row[3], CultureInfo.InvariantCulture), scores.ScoreOf(row[2]),
                        double.Parse(row[4], CultureInfo.InvariantCulture));
                    break;
                case "hub_sum":
                    Assert.Equal(1.0, r.Hubs.Scores.Sum(), 1e-9);
                    break;
                case "min_score":
                    Assert.True(r.Hubs.Scores.Concat(r.Authorities.Scores).Min() >= 0);
                    break;
                case "identical_across_repeats":
                    Assert.All(results, x => Assert.Equal(r.Hubs.Scores, x.Hubs.Scores));
                    Assert.All(results, x => Assert.Equal(r.Authorities.Scores, x.Authorities.Scores));
                    break;
                default:
                    Assert.Fail($"unknown check {row[1]}");
                    break;
            }
            checkedRows++;
        }
        Assert.True(checkedRows >= 9);
    }
}
