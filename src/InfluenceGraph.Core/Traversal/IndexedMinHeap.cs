namespace InfluenceGraph.Core.Traversal;

/// <summary>
/// An indexed 4-ary min-heap of node ids 0..n−1 keyed by a double, with decrease-key: the priority
/// queue of <see cref="Dijkstra"/>, reusable by other kernels (e.g. lazy greedy selection with
/// negated gains).
/// </summary>
/// <remarks>
/// Each node is in the heap at most once; the caller tracks membership (the heap does not clear its
/// position array, so a <see cref="Clear"/> costs O(1)). Push, decrease-key and pop-min are
/// O(log₄ size); ties between equal keys are popped in an unspecified (but deterministic) order.
/// Keys must not be NaN. Memory: 16 bytes per node (key, node, position).
/// </remarks>
public sealed class IndexedMinHeap
{
    private readonly double[] _keys;
    private readonly int[] _nodes;
    private readonly int[] _pos;

    /// <summary>Creates an empty heap for node ids 0..<paramref name="capacity"/>−1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public IndexedMinHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _keys = new double[capacity];
        _nodes = new int[capacity];
        _pos = new int[capacity];
    }

    /// <summary>Number of nodes in the heap.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the heap in O(1).</summary>
    public void Clear() => Count = 0;

    /// <summary>Inserts <paramref name="node"/> (not in the heap) with <paramref name="key"/>.</summary>
    public void Push(int node, double key) => SiftUp(Count++, key, node);

    /// <summary>Lowers the key of <paramref name="node"/> (in the heap) to <paramref name="key"/> (≤ its key).</summary>
    public void DecreaseKey(int node, double key) => SiftUp(_pos[node], key, node);

    /// <summary>The smallest key (the heap must not be empty).</summary>
    public double MinKey => _keys[0];

    /// <summary>Removes and returns the node with the smallest key, and that key.</summary>
    /// <exception cref="InvalidOperationException">The heap is empty.</exception>
    public int Pop(out double key)
    {
        if (Count == 0) throw new InvalidOperationException("The heap is empty.");
        double[] keys = _keys;
        int[] nodes = _nodes, pos = _pos;
        int top = nodes[0];
        key = keys[0];
        int last = --Count;
        if (last > 0)
        {
            double k = keys[last];
            int x = nodes[last];
            int i = 0;
            while (true)
            {
                int c = 4 * i + 1;
                if (c >= last) break;
                int best = c;
                double bk = keys[c];
                int cEnd = Math.Min(c + 4, last);
                for (int j = c + 1; j < cEnd; j++)
                    if (keys[j] < bk) { bk = keys[j]; best = j; }
                if (bk >= k) break;
                keys[i] = bk;
                nodes[i] = nodes[best];
                pos[nodes[i]] = i;
                i = best;
            }
            keys[i] = k;
            nodes[i] = x;
            pos[x] = i;
        }
        return top;
    }

    private void SiftUp(int i, double key, int node)
    {
        double[] keys = _keys;
        int[] nodes = _nodes, pos = _pos;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (keys[parent] <= key) break;
            keys[i] = keys[parent];
            nodes[i] = nodes[parent];
            pos[nodes[i]] = i;
            i = parent;
        }
        keys[i] = key;
        nodes[i] = node;
        pos[node] = i;
    }
}
