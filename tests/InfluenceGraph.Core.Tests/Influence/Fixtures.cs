using InfluenceGraph.Core.Graph;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Core.Tests.Influence;

/// <summary>Builds graph states and signals for the influence tests (reference centralities, so they do not depend on the product kernels).</summary>
internal static class Fixtures
{
    public static GraphState State(GraphSnapshot g, IEnumerable<AccountAttributes>? attrs = null, string name = "t") =>
        new(name, 1, g, (attrs ?? []).ToDictionary(a => a.Account, StringComparer.Ordinal), DateTimeOffset.UnixEpoch, null);

    public static InfluenceSignals Signals(GraphState state, SignalOptions? options = null)
    {
        options ??= new SignalOptions();
        var g = state.Snapshot;
        var pr = ReferenceCentrality.PageRank(g, InfluenceSignals.PageRankOptionsFor(options));
        var pprOptions = InfluenceSignals.PoliticalPageRankOptions(state, options);
        var ppr = pprOptions is null ? null : ReferenceCentrality.PageRank(g, pprOptions);
        return InfluenceSignals.FromResults(state, pr, ReferenceCentrality.Betweenness(g), ppr, null, options);
    }
}
