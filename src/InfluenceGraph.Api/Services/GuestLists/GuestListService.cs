using System.Collections.Concurrent;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Endpoints;
using InfluenceGraph.Api.Services.Influence;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Api.Services.Metrics;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.GuestList;
using InfluenceGraph.Core.Influence;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.GuestLists;

/// <summary>
/// Computes guest lists (in the request when short, else in a <c>guest-list</c> job with progress) and keeps
/// the last <see cref="Retained"/> results in memory under an id, for GET /graphs/{graph}/guest-lists/{id}.
/// </summary>
public sealed class GuestListService(InfluenceService influence, MetricService metrics, JobService jobs)
{
    /// <summary>Results kept.</summary>
    public const int Retained = 64;

    private readonly ConcurrentDictionary<string, (GuestListDto Dto, GuestListReport Report)> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>A stored result, or null.</summary>
    public (GuestListDto Dto, GuestListReport Report)? Get(string graph, string id) =>
        _results.TryGetValue(id, out var r) && r.Dto.Graph == graph ? r : null;

    /// <summary>True when the request should run as a job: its signals are missing and long, or the optimisation itself is long.</summary>
    public bool IsLong(GraphState state, GuestListRequest request)
    {
        var signals = request.Eligibility.Signals;
        if (influence.TryGetCached(InfluenceService.KeyOf(state, signals)) is null && influence.IsLong(state, signals)) return true;
        double m = state.Snapshot.EdgeCount + state.Snapshot.NodeCount;
        double work = request.Objective == GuestListObjective.Audience ? m * Math.Min(request.Size, 50) : m * 40;
        return metrics.IsLong(work);
    }

    /// <summary>Computes the guest list now.</summary>
    public async Task<GuestListDto> ComputeAsync(GraphState state, GuestListRequest request, CancellationToken ct = default)
    {
        var signals = await influence.GetOrComputeAsync(state, request.Eligibility.Signals);
        var report = await Task.Run(() => Core.GuestList.GuestLists.Plan(signals, request, null, ct), ct);
        return Store(report);
    }

    /// <summary>Starts a job computing the guest list; its result link is the stored result.</summary>
    public Job StartJob(GraphState state, GuestListRequest request) =>
        jobs.Start("guest-list", state.Name, async (job, ct) =>
        {
            job.SetStep(new JobStep("influencer signals", "running", 0, null));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var key = InfluenceService.KeyOf(state, request.Eligibility.Signals);
            var signals = influence.TryGetCached(key);
            if (signals is null)
            {
                var running = influence.RunningJob(key) ?? influence.StartJob(state, request.Eligibility.Signals, $"/graphs/{Uri.EscapeDataString(state.Name)}/influencers");
                while (!running.IsFinished)
                {
                    var s = running.ToStatus();
                    job.Report(0.5 * s.Progress, "influencer signals: " + s.Message);
                    await Task.WhenAny(running.Completion, Task.Delay(250, ct));
                    ct.ThrowIfCancellationRequested();
                }
                signals = await influence.GetOrComputeAsync(state, request.Eligibility.Signals);
            }
            job.SetStep(new JobStep("influencer signals", "succeeded", clock.Elapsed.TotalMilliseconds, null));
            job.SetStep(new JobStep("guest list", "running", 0, null));
            clock.Restart();
            var progress = new JobProgress(job);
            var report = await Task.Run(() => Core.GuestList.GuestLists.Plan(signals, request, progress, ct), ct);
            var dto = Store(report);
            string link = $"/graphs/{Uri.EscapeDataString(state.Name)}/guest-lists/{dto.Id}";
            job.SetStep(new JobStep("guest list", "succeeded", clock.Elapsed.TotalMilliseconds, link));
            job.Result = link;
        }, version: state.Version);

    private GuestListDto Store(GuestListReport report)
    {
        string id = Guid.NewGuid().ToString("N")[..16];
        var dto = GuestListEndpoints.ToDto(id, report);
        _results[id] = (dto, report);
        _order.Enqueue(id);
        while (_order.Count > Retained && _order.TryDequeue(out var old)) _results.TryRemove(old, out _);
        return dto;
    }

    private sealed class JobProgress(Job job) : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) => job.Report(0.5 + 0.5 * value.Fraction, "guest list: " + value.Message);
    }
}
