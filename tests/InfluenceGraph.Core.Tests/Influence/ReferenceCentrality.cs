using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>
/// Slow, obviously-correct reference PageRank and betweenness, written independently of the product
/// kernels (dictionary-free but serial and literal): NetworkX semantics (pagerank: alpha, uniform or
/// personalized teleport, dangling rank along the personalization; betweenness_centrality: Brandes 2001,
/// endpoints excluded, normalized by 1/((n-1)(n-2))). Used to feed the influencer query in tests
/// independently of the Centrality helpers' work.
/// </summary>
internal static class ReferenceCentrality
{
    public static PageRankResult PageRank(GraphSnapshot g, PageRankOptions? o = null)
    {
        o ??= new PageRankOptions();
        int n = g.NodeCount;
        var p = new double[n];
        if (o.Personalization is { } pers)
        {
            double s = pers.Values.Sum();
            foreach (var (k, v) in pers) { g.TryGetNode(k, out int id); p[id] = v / s; }
        }
        else Array.Fill(p, 1.0 / n);
        var x = (double[])p.Clone();
        if (o.Personalization is not null) Array.Fill(x, 1.0 / n);
        int it = 0;
        double err = double.MaxValue;
        while (it < 1000 && err > 1e-13)
        {
            var next = new double[n];
            double dangling = 0;
            for (int u = 0; u < n; u++)
            {
                int d = g.OutDegreeOf(u);
                if (d == 0) { dangling += x[u]; continue; }
                foreach (int w in g.Followees(u)) next[w] += o.Alpha * x[u] / d;
            }
            for (int v = 0; v < n; v++) next[v] += (o.Alpha * dangling + (1 - o.Alpha)) * p[v];
            err = 0;
            for (int v = 0; v < n; v++) err += Math.Abs(next[v] - x[v]);
            x = next;
            it++;
        }
        return new PageRankResult(g, x, it, err, err <= 1e-13, o);
    }

    public static BetweennessResult Betweenness(GraphSnapshot g)
    {
        int n = g.NodeCount;
        var bc = new double[n];
        for (int s = 0; s < n; s++)
        {
            var stack = new Stack<int>();
            var pred = new List<int>[n];
            for (int i = 0; i < n; i++) pred[i] = [];
            var sigma = new double[n];
            var dist = new int[n];
            Array.Fill(dist, -1);
            sigma[s] = 1; dist[s] = 0;
            var q = new Queue<int>();
            q.Enqueue(s);
            while (q.Count > 0)
            {
                int v = q.Dequeue();
                stack.Push(v);
                foreach (int w in g.Followees(v))
                {
                    if (w == v) continue;
                    if (dist[w] < 0) { dist[w] = dist[v] + 1; q.Enqueue(w); }
                    if (dist[w] == dist[v] + 1) { sigma[w] += sigma[v]; pred[w].Add(v); }
                }
            }
            var delta = new double[n];
            while (stack.Count > 0)
            {
                int w = stack.Pop();
                foreach (int v in pred[w]) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
                if (w != s) bc[w] += delta[w];
            }
        }
        if (n > 2) for (int v = 0; v < n; v++) bc[v] /= (double)(n - 1) * (n - 2);
        return new BetweennessResult(g, bc, n, true, new BetweennessOptions());
    }
}
