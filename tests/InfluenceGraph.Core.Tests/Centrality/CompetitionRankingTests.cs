using InfluenceGraph.Core.Centrality;

namespace InfluenceGraph.Core.Tests.Centrality;

public class CompetitionRankingTests
{
    // Scores by id: 0.5, 0.9, 0.5, 0.1, 0.9, NaN, NaN. Best first: 1, 4 (0.9), 0, 2 (0.5), 3 (0.1), then the NaNs.
    // Ranks 1 1 3 3 5 6 7 (NaN never ties); strictly lower: 5 5 3 3 2 1 0.
    [Fact]
    public void Assign_TiesShareTheBestRank_NaNNeverTies()
    {
        double[] scores = [0.5, 0.9, 0.5, 0.1, 0.9, double.NaN, double.NaN];
        int[] order = [1, 4, 0, 2, 3, 5, 6];
        var rank = new int[7];
        var lower = new int[7];
        CompetitionRanking.Assign<double>(order, scores, rank, lower);
        Assert.Equal([3, 1, 3, 5, 1, 6, 7], rank);
        Assert.Equal([3, 5, 3, 2, 5, 1, 0], lower);
    }

    // Only the listed ids are ranked (the others keep what the arrays held), over n = 3 listed ids.
    [Fact]
    public void Assign_SubsetOfIds_RanksAmongThoseOnly()
    {
        long[] posts = [10, -1, 10, 4];
        int[] known = [0, 2, 3];
        var rank = new int[4];
        var lower = new int[4];
        CompetitionRanking.Assign<long>(known, posts, rank, lower);
        Assert.Equal([1, 0, 1, 3], rank);
        Assert.Equal([1, 0, 1, 0], lower);
    }
}
