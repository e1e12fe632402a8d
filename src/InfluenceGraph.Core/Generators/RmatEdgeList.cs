using System.Globalization;
using System.Text;
using InfluenceGraph.Core.Graph;

namespace InfluenceGraph.Core.Generators;

/// <summary>
/// The edges produced by <see cref="Rmat.Generate(RmatOptions)"/>: pairs of integer vertex ids
/// <c>follower -> followee</c> in generation order. An account's handle is its id in decimal
/// (<c>"0"</c>, <c>"17"</c>...), as in the files written by <c>gen_graph.py</c>.
/// </summary>
/// <remarks>Immutable after construction; the arrays are exposed as read-only spans.</remarks>
public sealed class RmatEdgeList
{
    private readonly int[] _followers;
    private readonly int[] _followees;

    internal RmatEdgeList(RmatOptions options, int nodeIdSpace, int[] followers, int[] followees)
    {
        Options = options;
        NodeIdSpace = nodeIdSpace;
        _followers = followers;
        _followees = followees;
    }

    /// <summary>The options that generated these edges.</summary>
    public RmatOptions Options { get; }

    /// <summary>Size of the vertex id space: every id is in <c>[0, NodeIdSpace)</c>.</summary>
    public int NodeIdSpace { get; }

    /// <summary>Number of edges (equals <see cref="RmatOptions.Edges"/>).</summary>
    public int Count => _followers.Length;

    /// <summary>Follower id of each edge, in generation order.</summary>
    public ReadOnlySpan<int> Followers => _followers;

    /// <summary>Followee id of each edge, aligned with <see cref="Followers"/>.</summary>
    public ReadOnlySpan<int> Followees => _followees;

    /// <summary>
    /// A builder holding these edges. Accounts are interned in order of first appearance
    /// (follower, then followee, edge by edge), which is the order a reader of the file written by
    /// <see cref="WriteTo(TextWriter)"/> interns them, so node ids agree with a snapshot loaded from
    /// that file. Ids without an edge are not accounts (as in the file).
    /// </summary>
    /// <param name="options">Duplicate/self-loop policy of the snapshot to build (default <see cref="GraphBuildOptions.Default"/>).</param>
    /// <returns>A new builder; O(n + m).</returns>
    public GraphBuilder ToBuilder(GraphBuildOptions? options = null)
    {
        var builder = new GraphBuilder(options, Count);
        var node = new int[NodeIdSpace];
        Array.Fill(node, -1);
        var buffer = new char[16];
        int Node(int id)
        {
            ref int slot = ref node[id];
            if (slot < 0)
            {
                id.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
                slot = builder.AddAccount(buffer.AsSpan(0, written));
            }
            return slot;
        }
        for (int e = 0; e < _followers.Length; e++)
        {
            int u = Node(_followers[e]);
            int v = Node(_followees[e]);
            builder.AddEdge(u, v);
        }
        return builder;
    }

    /// <summary>Builds the snapshot of these edges (see <see cref="ToBuilder"/> for the node order).</summary>
    /// <param name="options">Duplicate/self-loop policy (default <see cref="GraphBuildOptions.Default"/>).</param>
    public GraphSnapshot ToSnapshot(GraphBuildOptions? options = null) => ToBuilder(options).Build();

    /// <summary>
    /// Writes the edges as <c>gen_graph.py</c> does by default: one <c>"follower followee"</c> line
    /// per edge (single space, <c>\n</c> line ends, no header, no comment), so the file is
    /// byte-identical to the script's output for the same options.
    /// </summary>
    /// <param name="writer">Destination; not closed.</param>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> line = stackalloc char[32];
        for (int e = 0; e < _followers.Length; e++)
        {
            _followers[e].TryFormat(line, out int a, default, CultureInfo.InvariantCulture);
            line[a++] = ' ';
            _followees[e].TryFormat(line[a..], out int b, default, CultureInfo.InvariantCulture);
            a += b;
            line[a++] = '\n';
            writer.Write(line[..a]);
        }
    }

    /// <summary>Writes the edge file to <paramref name="path"/> (UTF-8 without BOM; overwritten if present). See <see cref="WriteTo(TextWriter)"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void WriteTo(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        WriteTo(writer);
    }
}
