using InfluenceGraph.Core.Audience;
using InfluenceGraph.Core.Graph;
using InfluenceGraph.TestSupport;

namespace InfluenceGraph.Core.Tests.Audience;

public sealed class SetAudienceTests
{
    /*
        edges: f1 a, f2 a, f2 b, f3 b, g1 f3, b a
        1-hop: A(a) = {f1, f2, b}, A(b) = {f2, f3}. Union {f1, f2, f3, b} = 4 (b is a member, reached by a).
        unique(a) = {f1, b} = 2, unique(b) = {f3} = 1; intersection {f2} = 1;
        Jaccard 1/4, overlap coefficient 1/2.
    */
    [Fact]
    public void Compute_HandDrawn_UnionUniqueAndOverlap()
    {
        var g = TestGraphs.FromText("f1 a\nf2 a\nf2 b\nf3 b\ng1 f3\nb a");
        int N(string s) { g.TryGetNode(s, out int v); return v; }
        var r = SetAudiences.Compute(g, [N("a"), N("b"), N("a")], 1);
        Assert.Equal([N("a"), N("b")], r.Members);
        Assert.Equal([3, 2], r.AudienceSizes);
        Assert.Equal([2, 1], r.UniqueSizes);
        Assert.Equal(4, r.UnionSize);
        Assert.Equal(5, r.UnionWithMembersSize); // + a, which nobody in the set reaches
        Assert.Equal(4.0 / 6, r.UnionShare, 12);
        Assert.Equal(1, r.Intersection(0, 1));
        Assert.Equal(3, r.Intersection(0, 0));
        Assert.Equal(0.25, r.Jaccard(0, 1)!.Value, 12);
        Assert.Equal(0.5, r.OverlapCoefficient(0, 1)!.Value, 12);
        // 2 hops: g1 reaches b through f3
        var two = SetAudiences.Compute(g, [N("a"), N("b")], 2);
        Assert.Equal([4, 3], two.AudienceSizes); // A2(a) = {f1, f2, b, f3}; A2(b) = {f2, f3, g1}
        Assert.Equal([2, 1], two.UniqueSizes);   // {f1, b} and {g1}
        Assert.Equal(2, two.Intersection(1, 0));
    }

    public static TheoryData<int, int, int, int, int, bool> RandomCases => new()
    {
        // seed, n, m, members, hops, multigraph
        { 1, 200, 600, 8, 1, false },
        { 2, 200, 600, 8, 2, false },
        { 3, 500, 1500, 30, 3, true },
        { 4, 3000, 4000, 40, 2, false },   // sparse: small audiences, kept as sorted arrays
        { 5, 300, 3000, 25, 2, false },    // dense: big audiences, kept as bitsets
        { 6, 2000, 9000, 60, 2, false },   // a mix of both
        { 7, 100, 300, 100, 4, false },    // every account of the graph is a member
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Compute_RandomGraphs_MatchPlainSets(int seed, int n, int m, int k, int hops, bool multigraph)
    {
        var g = AudienceReference.Random(n, m, seed, multigraph);
        var rng = new Random(seed);
        var given = Enumerable.Range(0, k).Select(_ => rng.Next(n)).ToList();
        given.Add(given[0]); // a duplicate collapses
        var members = given.Distinct().ToList();
        var sets = members.Select(v => AudienceReference.Audience(g, v, hops)).ToList();

        var r = SetAudiences.Compute(g, given, hops);
        Assert.Equal(members, r.Members);
        Assert.Equal(sets.Select(s => s.Count), r.AudienceSizes);
        var union = sets.SelectMany(s => s).ToHashSet();
        Assert.Equal(union.Count, r.UnionSize);
        Assert.Equal(union.Union(members).Count(), r.UnionWithMembersSize);
        for (int i = 0; i < members.Count; i++)
        {
            var others = sets.Where((_, j) => j != i).SelectMany(s => s).ToHashSet();
            Assert.Equal(sets[i].Count(v => !others.Contains(v)), r.UniqueSizes[i]);
        }
        Assert.True(r.HasOverlap);
        for (int i = 0; i < members.Count; i++)
            for (int j = 0; j < members.Count; j++)
            {
                int inter = sets[i].Intersect(sets[j]).Count();
                Assert.Equal(inter, r.Intersection(i, j));
                int uni = sets[i].Union(sets[j]).Count();
                Assert.Equal(uni == 0 ? null : (double)inter / uni, r.Jaccard(i, j));
                int min = Math.Min(sets[i].Count, sets[j].Count);
                Assert.Equal(min == 0 ? null : (double)inter / min, r.OverlapCoefficient(i, j));
            }

        // One thread gives the same answer.
        var single = SetAudiences.Compute(g, given, hops, new SetAudienceOptions { MaxDegreeOfParallelism = 1 });
        Assert.Equal(r.UniqueSizes, single.UniqueSizes);
        Assert.Equal(r.UnionSize, single.UnionSize);
    }

    [Fact]
    public void Compute_AboveOverlapLimit_SkipsTheMatrixOnly()
    {
        var g = AudienceReference.Random(500, 3000, 8);
        var members = Enumerable.Range(0, 12).ToList();
        var r = SetAudiences.Compute(g, members, 2, new SetAudienceOptions { OverlapLimit = 10 });
        Assert.False(r.HasOverlap);
        Assert.Throws<InvalidOperationException>(() => r.Intersection(0, 1));
        Assert.Equal(members.Select(v => AudienceReference.Audience(g, v, 2)).SelectMany(s => s).Distinct().Count(), r.UnionSize);
    }

    [Fact]
    public void Compute_EmptySetAndUnknownNode()
    {
        var g = TestGraphs.FromText("a b");
        var r = SetAudiences.Compute(g, [], 2);
        Assert.Equal(0, r.UnionSize);
        Assert.Empty(r.Members);
        Assert.Throws<ArgumentOutOfRangeException>(() => SetAudiences.Compute(g, [5], 2));
    }
}
