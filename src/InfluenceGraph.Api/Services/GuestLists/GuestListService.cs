using System.Collections.Concurrent;
using System.Text.Json;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.GuestLists;

/// <summary>
/// Guest lists as <see cref="ComputationRequest{T}"/>s of the <see cref="ComputationService"/>: the influencer
/// signals are the first step (shared with /influencers and the rankings), the optimisation the second; cached
/// per (graph version, normalized request), computed in the request when short, else in a <c>guest-list</c>
/// job with progress. Each request gets a stable id (a fingerprint of its key) for
/// GET /graphs/{graph}/guest-lists/{id}.
/// </summary>
public sealed class GuestListService(ComputationService computations, InfluenceService influence)
{
    /// <summary>Ids remembered (the results themselves live in the computation cache).</summary>
    public const int Retained = 256;

    private readonly ConcurrentDictionary<string, (string Key, GraphState State, GuestListRequest Request)> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>The computation of <paramref name="request"/> on <paramref name="state"/>, and its result id.</summary>
    public (ComputationRequest<GuestListReport> Computation, string Id) Request(GraphState state, GuestListRequest request)
    {
        string key = ComputationRequest.KeyOf(state, "guest-list", JsonSerializer.Serialize(request));
        string id = RankingCursor.Fingerprint(key);
        if (_ids.TryAdd(id, (key, state, request)))
        {
            _order.Enqueue(id);
            while (_order.Count > Retained && _order.TryDequeue(out var old)) _ids.TryRemove(old, out _);
        }
        var signals = influence.Request(state, request.Eligibility.Signals);
        double m = state.Snapshot.EdgeCount + state.Snapshot.NodeCount;
        double work = (computations.IsCached(signals) ? 0 : signals.Work)
            + (request.Objective == GuestListObjective.Audience ? m * Math.Min(request.Size, 50) : m * 40);
        var computation = new ComputationRequest<GuestListReport>("guest-list", state, key, work, async ctx =>
        {
            var s = await ctx.StepAsync(signals, 0, 2).ConfigureAwait(false);
            ctx.Report(0.5, "guest list");
            ctx.Job?.SetStep(new Contracts.JobStep("guest list", "running", 0, null));
            IProgress<CentralityProgress> progress = ctx.Job is { } job ? new Jobs.JobStepProgress(job, 1, 2, "guest list") : ctx.Progress;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // The RR samples of the spread objective are checked round by round against the server's memory budget.
            var planned = request with { Spread = request.Spread with { AvailableMemoryBytes = computations.AvailableMemoryBytes } };
            var report = await Task.Run(() => Core.GuestList.GuestLists.Plan(s, planned, progress, ctx.CancellationToken), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Job?.SetStep(new Contracts.JobStep("guest list", "succeeded", clock.Elapsed.TotalMilliseconds, $"/graphs/{Uri.EscapeDataString(state.Name)}/guest-lists/{id}"));
            return report;
        })
        {
            StepName = "guest list",
            // the signals' own steps are checked when they are computed; this is the plan (and the spheres unless already computed)
            MemoryBytes = Core.GuestList.GuestLists.EstimateMemoryBytes(state.Snapshot, request,
                computations.TryGetCached(signals) is { SpheresComputed: true }),
            MemoryHint = Core.GuestList.GuestLists.MemoryHint,
        };
        return (computation, id);
    }

    /// <summary>The stored request of <paramref name="id"/> on <paramref name="graph"/>, its cached result (or null) and its computation key.</summary>
    public (GraphState State, GuestListRequest Request, GuestListReport? Report, string Key)? Find(string graph, string id) =>
        _ids.TryGetValue(id, out var e) && e.State.Name == graph
            ? (e.State, e.Request, computations.TryGetCached<GuestListReport>(e.Key), e.Key)
            : null;
}
