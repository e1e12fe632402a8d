using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Services.Computations;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Influence;

/// <summary>
/// The signals of influencer discovery per (graph version, <see cref="SignalOptions"/>), as one
/// <see cref="ComputationRequest{T}"/>: PageRank, betweenness and reach are its steps (cached on their
/// own and shared with the rankings), then the PageRank personalized on the political accounts.
/// </summary>
public sealed class InfluenceService(ComputationService computations, MetricCatalog registry)
{
    /// <summary>The name of the last step of an influencers job (and its final message): the PageRank personalized on the political accounts.</summary>
    public const string ProximityStep = "political proximity (personalized pagerank)";

    /// <summary>The cache key of the signals of <paramref name="state"/> with <paramref name="options"/>.</summary>
    public static string KeyOf(GraphState state, SignalOptions options) =>
        ComputationRequest.KeyOf(state, "signals", options.Alpha, options.ExactBetweennessMaxAccounts, options.BetweennessSamples, options.BetweennessEpsilon, options.BetweennessDelta, options.BetweennessSeed);

    /// <summary>
    /// The computation of the signals: a composite whose steps are the three metrics, so a job computing
    /// it shows them (cached or computed, with their times); its estimated work counts the metrics not
    /// cached yet plus the personalized PageRank. Use it as a step of a larger computation too
    /// (<see cref="ComputationContext.StepAsync{TPart}"/>).
    /// </summary>
    public ComputationRequest<InfluenceSignals> Request(GraphState state, SignalOptions options)
    {
        var parts = Parts(state, options);
        double work = parts.Where(p => !computations.IsCached(p.Computation)).Sum(MetricService.Work)
            + MetricService.Work(MetricService.Prepare(state, Metric("pagerank"), MetricArguments.Empty.With("alpha", options.Alpha))); // political PageRank
        return new ComputationRequest<InfluenceSignals>("influencers", state, KeyOf(state, options), work, async ctx =>
        {
            // Every step is listed from the start, the last one included, so the job's final message is its last listed step.
            ctx.PlanSteps(parts.Select(p => p.Computation.StepName).Append(ProximityStep));
            var results = new List<CentralityResult>();
            for (int i = 0; i < parts.Count; i++)
                results.Add((await ctx.StepAsync(parts[i].Computation, i, parts.Count + 1).ConfigureAwait(false)).Result);
            ctx.Report(parts.Count / (parts.Count + 1.0), ProximityStep);
            ctx.Job?.SetStep(new JobStep(ProximityStep, "running", 0, null));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var pprOptions = InfluenceSignals.PoliticalPageRankOptions(state, options);
            var ppr = pprOptions is null ? null : await Task.Run(() => PageRank.Compute(state.Snapshot, pprOptions, null, ctx.CancellationToken), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Job?.SetStep(new JobStep(ProximityStep, "succeeded", clock.Elapsed.TotalMilliseconds, null));
            ctx.Report(1, ProximityStep);
            return InfluenceSignals.FromResults(state, (PageRankResult)results[0], (BetweennessResult)results[1], ppr, (ReachResult)results[2], options);
        })
        {
            StepName = "influencer signals",
            // The signals taken together, those already cached left out (each step is checked again when it starts).
            MemoryBytes = InfluenceSignals.EstimateMemoryBytes(state, options,
                parts.Where(p => computations.IsCached(p.Computation)).Select(p => p.Metric.Name).ToHashSet()),
            MemoryHint = InfluenceSignals.MemoryHint,
        };
    }

    /// <summary>
    /// The verdict inputs of the default influencer query on <paramref name="signals"/> (composite score and candidate list),
    /// computed once per graph version and signal options and cached with them, so that the account detail answers each account
    /// in O(metrics) instead of ranking every account again.
    /// </summary>
    public Task<InfluencerVerdicts> DefaultVerdictsAsync(GraphState state, InfluenceSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        string key = KeyOf(state, signals.Options) + "\u001fverdicts\u001fdefault";
        return computations.GetOrComputeAsync(new ComputationRequest<InfluencerVerdicts>("influencers", state, key, 0, (_, _) => InfluencerVerdicts.Of(signals)));
    }

    /// <summary>The cached signals of <paramref name="key"/> (<see cref="KeyOf"/>), or null.</summary>
    public InfluenceSignals? TryGetCached(string key) => computations.TryGetCached<InfluenceSignals>(key);

    /// <summary>The job computing the signals of <paramref name="key"/>, when one is queued or running.</summary>
    public Job? RunningJob(string key) => computations.RunningJob(key);

    /// <summary>True when the metrics still missing from the cache would take long to compute.</summary>
    public bool IsLong(GraphState state, SignalOptions options) => computations.IsLong(Request(state, options).Work);

    /// <summary>The signals, computed in this request when not cached.</summary>
    public Task<InfluenceSignals> GetOrComputeAsync(GraphState state, SignalOptions options) =>
        computations.GetOrComputeAsync(Request(state, options));

    /// <summary>Starts (or finds) the job computing the signals; its result link is <paramref name="resultLink"/>.</summary>
    public Job StartJob(GraphState state, SignalOptions options, string resultLink) =>
        computations.StartJob(Request(state, options), resultLink);

    private List<MetricRequest> Parts(GraphState state, SignalOptions options)
    {
        var bc = InfluenceSignals.BetweennessOptionsFor(state.Snapshot, options);
        return
        [
            MetricService.Prepare(state, Metric("pagerank"), MetricArguments.Empty.With("alpha", options.Alpha)),
            MetricService.Prepare(state, Metric("betweenness"), MetricArguments.Empty.With("samples", bc.Samples).With("epsilon", bc.Epsilon).With("delta", bc.Delta)
                .With("seed", bc.Samples is null && bc.Epsilon is null ? null : bc.Seed)),
            MetricService.Prepare(state, Metric("reach"), MetricArguments.Empty),
        ];
    }

    private Metric Metric(string name) =>
        registry.Find(name) ?? throw new InvalidOperationException($"The metric '{name}' is not registered.");
}
