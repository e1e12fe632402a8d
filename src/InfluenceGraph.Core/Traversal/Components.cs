namespace InfluenceGraph.Core.Traversal;

/// <summary>Strongly connected components of a graph given as a CSR (Tarjan 1972).</summary>
public static class Components
{
    /// <summary>
    /// The strongly connected components of the directed graph <paramref name="offsets"/>/<paramref name="targets"/>
    /// (R. Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2), 1972),
    /// iterative so that long follow chains cannot overflow the call stack.
    /// </summary>
    /// <param name="n">Number of nodes (ids 0..n−1).</param>
    /// <param name="offsets">Length n+1; the out-neighbours of v are <c>targets[offsets[v] .. offsets[v+1])</c>.</param>
    /// <param name="targets">Out-neighbours (self-loops and repeats allowed).</param>
    /// <returns>
    /// <c>Component[v]</c> in 0..Count−1, numbered in the order Tarjan completes them, which is a
    /// reverse topological order of the condensation (an edge between two components always goes
    /// from a higher number to a lower one, so sinks come first); <c>Members</c>, the node ids grouped
    /// by component, the members of component c being <c>Members[Starts[c] .. Starts[c+1])</c>
    /// (<c>Starts</c> has length Count+1). O(n + m) time, O(n) extra memory.
    /// </returns>
    /// <exception cref="ArgumentException">The arrays do not describe n nodes.</exception>
    public static (int[] Component, int Count, int[] Members, int[] Starts) StronglyConnected(int n, int[] offsets, int[] targets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(targets);
        if (n < 0 || offsets.Length != n + 1) throw new ArgumentException($"Expected {n + 1} offsets for {n} nodes, got {offsets.Length}.", nameof(offsets));
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var stack = new int[n];
        var call = new int[n];
        var edge = new int[n];
        var component = new int[n];
        var members = new int[n];
        var starts = new List<int>(16) { 0 };
        Array.Fill(index, -1);
        int next = 0, sp = 0, count = 0, written = 0;
        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0) continue;
            int cp = 0;
            index[root] = low[root] = next++;
            stack[sp++] = root; onStack[root] = true;
            call[cp++] = root; edge[root] = offsets[root];
            while (cp > 0)
            {
                int v = call[cp - 1];
                if (edge[v] < offsets[v + 1])
                {
                    int w = targets[edge[v]++];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = next++;
                        stack[sp++] = w; onStack[w] = true;
                        call[cp++] = w; edge[w] = offsets[w];
                    }
                    else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
                    continue;
                }
                cp--;
                if (cp > 0) { int u = call[cp - 1]; if (low[v] < low[u]) low[u] = low[v]; }
                if (low[v] != index[v]) continue;
                int x;
                do
                {
                    x = stack[--sp];
                    onStack[x] = false;
                    component[x] = count;
                    members[written++] = x;
                } while (x != v);
                count++;
                starts.Add(written);
            }
        }
        return (component, count, members, starts.ToArray());
    }
}
