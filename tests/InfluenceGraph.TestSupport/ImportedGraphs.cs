using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Import;

namespace InfluenceGraph.TestSupport;

/// <summary>
/// Graph files read through the product's import (<see cref="EdgeImport.Load(string, EdgeImportOptions?, GraphBuildOptions?, bool)"/>,
/// the path of <c>influencegraph score --edges FILE</c>), so the tests that check scores against the
/// reference tools also exercise the parser users run: format detected from the extension and the
/// content (SNAP edge lists, CSV/TSV with a header row, JSON, GraphML, GML; gzip by its magic bytes),
/// any rejected row fails the load.
/// </summary>
public static class ImportedGraphs
{
    /// <summary>Reads the edge file at <paramref name="path"/> into a new snapshot.</summary>
    /// <param name="path">The file.</param>
    /// <param name="weighted">Read a weight column (as the import's <c>--weight auto</c>) and keep a weight array; otherwise a weight column is ignored.</param>
    /// <param name="options">Duplicate and self-loop policy; null = the reference tools' defaults (<see cref="GraphBuildOptions.Default"/>).</param>
    /// <exception cref="ImportFormatException">A row is rejected or the file cannot be parsed (the message gives the file and line).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GraphSnapshot Load(string path, bool weighted = false, GraphBuildOptions? options = null) =>
        EdgeImport.Load(path, new EdgeImportOptions { WeightColumn = weighted ? null : "none" }, options ?? GraphBuildOptions.Default, weighted);

    /// <summary>
    /// The network <paramref name="name"/> of the oracle's reference values (<c>oracle/expected/NAME.edges</c>
    /// in the shared folder: a SNAP edge list, <c>follower followee</c> per line, a line with one handle
    /// declaring an account without edges), unweighted, duplicates collapsed, self-loops kept.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The shared folder is absent.</exception>
    public static GraphSnapshot Oracle(string name) => Load(SharedData.Path($"oracle/expected/{name}.edges"));
}
