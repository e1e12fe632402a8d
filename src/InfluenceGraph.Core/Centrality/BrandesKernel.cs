using InfluenceGraph.Core.Traversal;

namespace InfluenceGraph.Core.Centrality;

/// <summary>
/// One thread's Brandes (2001) dependency accumulation: from the shortest-path DAG of a source s
/// (<see cref="ShortestPathBfs"/> when unweighted, <see cref="Dijkstra"/> with path counting when
/// weighted), δ_s(v) = Σ_{w : v ∈ P_s(w)} σ_sv/σ_sw · (1 + δ_s(w)) is added to a score array.
/// </summary>
/// <remarks>
/// <para>
/// <b>Unweighted.</b> Dependencies are written per node as δ(w) = σ(w) · Σ_{x ∈ succ(w)} c(x) with
/// c(x) = (1 + δ(x)) / σ(x), deepest level first, over the DAG edges the BFS recorded (top-down as
/// successors, bottom-up as predecessors): one division per node instead of one per edge.
/// </para>
/// <para>
/// <b>Weighted.</b> Settled accounts in reverse topological order of the DAG (see <see cref="Dijkstra"/>
/// for zero-length edges), pushing σ_u · c(w) to each predecessor u.
/// </para>
/// <para>
/// <b>Cutoff</b> (igraph semantics): accounts beyond the cutoff are never reached, so they neither
/// count as targets nor pass dependencies back.
/// </para>
/// </remarks>
internal sealed class BrandesKernel
{
    private readonly ShortestPathBfs? _bfs;
    private readonly Dijkstra? _dijkstra;
    private readonly double[] _coef;   // BFS: (1 + δ) / σ of finished nodes (a running sum before); Dijkstra: δ

    public BrandesKernel(TraversalGraph graph, BfsStrategy strategy = BfsStrategy.Auto)
    {
        if (graph.Weights is null) _bfs = new ShortestPathBfs(graph, strategy);
        else _dijkstra = new Dijkstra(graph, countPaths: true);
        _coef = new double[graph.NodeCount];
    }

    /// <summary>
    /// Adds the dependencies of source <paramref name="s"/> to <paramref name="score"/> (and their
    /// squares to <paramref name="squares"/> when not null). With <paramref name="endpoints"/>, every
    /// reached target also scores 1 and s scores the number of nodes it reached (NetworkX
    /// <c>_accumulate_endpoints</c>). Returns the number of nodes reached, s included.
    /// </summary>
    public int Run(int s, double[] score, double[]? squares, bool endpoints, int maxHops, double cutoff) =>
        _bfs is not null
            ? AccumulateBfs(s, score, squares, endpoints, maxHops)
            : AccumulateDijkstra(s, score, squares, endpoints, cutoff);

    private unsafe int AccumulateBfs(int s, double[] score, double[]? squares, bool endpoints, int maxHops)
    {
        var bfs = _bfs!;
        int tail = bfs.Run(s, maxHops);
        int steps = bfs.Steps;
        fixed (int* queue = bfs.Queue, dag = bfs.Dag, segBegin = bfs.SegBegin, segEnd = bfs.SegEnd, predBegin = bfs.PredBegin, predEnd = bfs.PredEnd, levelStart = bfs.LevelStart)
        fixed (double* sigma = bfs.Sigma, coef = _coef)
        fixed (bool* bottomUp = bfs.BottomUp)
        {
            for (int i = 0; i < tail; i++) coef[queue[i]] = 0.0;
            // Deepest level first. coef[w] first collects Σ_{x ∈ succ(w)} c(x), then becomes
            // c(w) = 1/σ(w) + that sum, and δ(w) = σ(w) · sum (one division per node).
            for (int d = steps - 1; d >= 0; d--)
            {
                for (int i = levelStart[d + 1], iEnd = levelStart[d + 2]; i < iEnd; i++)
                {
                    int w = queue[i];
                    double sw = sigma[w], sum = coef[w];
                    coef[w] = 1.0 / sw + sum;
                    double x = sw * sum;
                    if (endpoints) x += 1.0;
                    score[w] += x;
                    if (squares is not null) squares[w] += x * x;
                }
                if (!bottomUp[d])
                {
                    for (int i = levelStart[d], iEnd = levelStart[d + 1]; i < iEnd; i++)
                    {
                        double sum = 0.0;
                        for (int* j = dag + segBegin[i], end = dag + segEnd[i]; j < end; j++) sum += coef[*j];
                        coef[queue[i]] = sum;
                    }
                }
                else
                {
                    for (int i = levelStart[d + 1], iEnd = levelStart[d + 2]; i < iEnd; i++)
                    {
                        double c = coef[queue[i]];
                        for (int* j = dag + predBegin[i], end = dag + predEnd[i]; j < end; j++) coef[*j] += c;
                    }
                }
            }
        }
        if (endpoints)
        {
            double x = tail - 1;
            score[s] += x;
            if (squares is not null) squares[s] += x * x;
        }
        return tail;
    }

    private int AccumulateDijkstra(int s, double[] score, double[]? squares, bool endpoints, double cutoff)
    {
        var dj = _dijkstra!;
        int settled = dj.Run(s, cutoff);
        int[] order = dj.Order, predHead = dj.PredHead!, predNext = dj.PredNext!, predNode = dj.PredNode!;
        double[] sigma = dj.Sigma, delta = _coef;
        for (int i = 0; i < settled; i++) delta[order[i]] = 0.0;
        for (int i = settled - 1; i >= 0; i--)
        {
            int w = order[i];
            double c = (1.0 + delta[w]) / sigma[w];
            for (int p = predHead[w]; p >= 0; p = predNext[p])
            {
                int u = predNode[p];
                delta[u] += sigma[u] * c;
            }
            if (w != s)
            {
                double x = endpoints ? delta[w] + 1.0 : delta[w];
                score[w] += x;
                if (squares is not null) squares[w] += x * x;
            }
        }
        if (endpoints)
        {
            double x = settled - 1;
            score[s] += x;
            if (squares is not null) squares[s] += x * x;
        }
        return settled;
    }
}
