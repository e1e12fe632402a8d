using System.Globalization;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Metrics;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Influence;

/// <summary>
/// The signals of influencer discovery per (graph version, <see cref="SignalOptions"/>), assembled from
/// the metric cache (PageRank, betweenness and reach are shared with the rankings) plus the personalized
/// PageRank from the political accounts, cached in a small LRU; computed in a job when long.
/// </summary>
public sealed class InfluenceService(MetricService metrics, MetricCatalog registry, JobService jobs)
{
    private readonly ResultCache<InfluenceSignals> _cache = new(8);

    /// <summary>The cache key of the signals of <paramref name="state"/> with <paramref name="options"/>.</summary>
    public static string KeyOf(GraphState state, SignalOptions options) => string.Join("\u001f", MetricService.GraphKey(state), "signals",
        options.Alpha.ToString("R", CultureInfo.InvariantCulture), options.ExactBetweennessMaxAccounts, options.BetweennessSamples, options.BetweennessSeed);

    /// <summary>The cached signals, or null.</summary>
    public InfluenceSignals? TryGetCached(string key) => _cache.TryGetCompleted(key, out var s) ? s : null;

    /// <summary>The job computing the signals of <paramref name="key"/>, when one is running.</summary>
    public Job? RunningJob(string key) => _cache.RunningJobId(key) is { } id ? jobs.Get(id) : null;

    /// <summary>True when the metrics still missing from the cache would take long to compute.</summary>
    public bool IsLong(GraphState state, SignalOptions options)
    {
        double work = 0;
        foreach (var request in Requests(state, options))
            if (metrics.TryGetCached(request) is null) work += MetricService.Work(request);
        work += MetricService.Work(MetricService.Prepare(state, Metric("pagerank"), MetricArguments.Empty.With("alpha", options.Alpha))); // political PageRank
        return metrics.IsLong(work);
    }

    /// <summary>The signals, computed in this request when not cached.</summary>
    public Task<InfluenceSignals> GetOrComputeAsync(GraphState state, SignalOptions options) =>
        _cache.GetOrStart(KeyOf(state, options), () => ComputeAsync(state, options, null, CancellationToken.None)).Task;

    /// <summary>Starts (or finds) the job computing the signals; its result link is <paramref name="resultLink"/>.</summary>
    public Job StartJob(GraphState state, SignalOptions options, string resultLink)
    {
        string key = KeyOf(state, options);
        if (RunningJob(key) is { } running) return running;
        Job? job = null;
        _cache.GetOrStart(key, () =>
        {
            var done = new TaskCompletionSource<InfluenceSignals>(TaskCreationOptions.RunContinuationsAsynchronously);
            job = jobs.Start("influencers", state.Name, async (j, ct) =>
            {
                try
                {
                    var signals = await ComputeAsync(state, options, j, ct);
                    j.Result = resultLink;
                    done.TrySetResult(signals);
                }
                catch (OperationCanceledException) { done.TrySetCanceled(); throw; }
                catch (Exception e) { done.TrySetException(e); throw; }
            }, _ => done.TrySetCanceled());
            return (done.Task, job.Id);
        });
        return job ?? RunningJob(key) ?? jobs.Completed("influencers", state.Name, resultLink);
    }

    private IEnumerable<MetricRequest> Requests(GraphState state, SignalOptions options)
    {
        var bc = InfluenceSignals.BetweennessOptionsFor(state.Snapshot, options);
        yield return MetricService.Prepare(state, Metric("pagerank"), MetricArguments.Empty.With("alpha", options.Alpha));
        yield return MetricService.Prepare(state, Metric("betweenness"), MetricArguments.Empty.With("samples", bc.Samples).With("seed", bc.Samples is null ? null : bc.Seed));
        yield return MetricService.Prepare(state, Metric("reach"), MetricArguments.Empty);
    }

    private Metric Metric(string name) =>
        registry.Find(name) ?? throw new InvalidOperationException($"The metric '{name}' is not registered.");

    private async Task<InfluenceSignals> ComputeAsync(GraphState state, SignalOptions options, Job? job, CancellationToken ct)
    {
        var requests = Requests(state, options).ToList();
        var results = new List<CentralityResult>();
        for (int i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            IProgress<CentralityProgress> progress = job is null ? new Progress<CentralityProgress>() : new StepProgress(job, i, requests.Count + 1, request.Metric.Name);
            var (result, cached) = await metrics.ComputeInJobAsync(request, progress, ct, job?.Id);
            job?.SetStep(new JobStep(request.Metric.Name, cached ? "cached" : "succeeded", result.Info.ElapsedMs, null));
            results.Add(result.Result);
        }
        job?.Report(requests.Count / (requests.Count + 1.0), "political proximity (personalized pagerank)");
        var pprOptions = InfluenceSignals.PoliticalPageRankOptions(state, options);
        var ppr = pprOptions is null ? null : await Task.Run(() => PageRank.Compute(state.Snapshot, pprOptions, null, ct), ct);
        return InfluenceSignals.FromResults(state, (PageRankResult)results[0], (BetweennessResult)results[1], ppr, (ReachResult)results[2], options);
    }

    private sealed class StepProgress(Job job, int index, int count, string metric) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) => job.Report((index + value.Fraction) / count, $"{metric}: {value.Message}");
    }
}
