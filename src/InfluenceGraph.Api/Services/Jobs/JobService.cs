using System.Collections.Concurrent;
using System.Security.Cryptography;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Problems;
using InfluenceGraph.Core.Import;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Services.Jobs;

/// <summary>
/// Runs background jobs with at most <see cref="InfluenceGraphOptions.MaxConcurrentJobs"/> at a time, plus
/// <see cref="InfluenceGraphOptions.QuickJobSlots"/> slots only short jobs (estimated work at most
/// <see cref="InfluenceGraphOptions.QuickJobWorkLimit"/>) may use, so a short job passes a long one (<see cref="JobSlots"/>);
/// remembers the last <see cref="InfluenceGraphOptions.RetainedJobs"/> finished ones (in memory: job
/// records do not survive a restart). At a graceful shutdown it cancels metric jobs at once and lets
/// import jobs finish within the host's shutdown timeout, cancelling (nothing applied) the ones still
/// unfinished at the deadline.
/// </summary>
public sealed class JobService : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly JobSlots _slots;
    private readonly double _quickWorkLimit;
    private readonly double _workPerSecond;
    private readonly int _retained;
    private readonly ILogger<JobService> _log;
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Creates the service.</summary>
    public JobService(IOptions<InfluenceGraphOptions> options, ILogger<JobService> log)
    {
        _slots = new JobSlots(options.Value.MaxConcurrentJobs, options.Value.QuickJobSlots);
        _quickWorkLimit = options.Value.QuickJobWorkLimit;
        _workPerSecond = options.Value.WorkPerSecond > 0 ? options.Value.WorkPerSecond : 5e7;
        _retained = Math.Max(1, options.Value.RetainedJobs);
        _log = log;
    }

    /// <summary>The job with id <paramref name="id"/>, or null.</summary>
    public Job? Get(string id) => _jobs.TryGetValue(id, out var j) ? j : null;

    /// <summary>Every remembered job, newest first.</summary>
    public IReadOnlyList<Job> List() => _jobs.Values.OrderByDescending(j => j.CreatedAt).ToList();

    /// <summary>
    /// Queues <paramref name="work"/> as a job. The work receives the job (for progress and result)
    /// and a token cancelled by <see cref="Cancel(Job)"/> or at shutdown.
    /// </summary>
    /// <param name="kind">Job kind.</param>
    /// <param name="graph">Graph name (deleting the graph cancels the job).</param>
    /// <param name="work">The work.</param>
    /// <param name="onFinished">Clean-up, run once whatever the outcome.</param>
    /// <param name="version">The graph version a metric job computes for: publishing a newer version cancels it (<see cref="CancelSuperseded"/>).</param>
    /// <param name="id">The job id, or null for a new random one (a resumed import keeps the id its 202 announced).</param>
    /// <param name="estimatedWork">Estimated work in edge visits (for the ETA, and at most <see cref="InfluenceGraphOptions.QuickJobWorkLimit"/> makes a short job); null = unknown (a long job).</param>
    public Job Start(string kind, string graph, Func<Job, CancellationToken, Task> work, Action<Job>? onFinished = null, long? version = null, string? id = null, double? estimatedWork = null)
    {
        var job = new Job(id ?? NewId(), kind, graph, version,
            estimatedWork is double w ? w / _workPerSecond : null, estimatedWork is double q && q <= _quickWorkLimit);
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job, work, onFinished));
        return job;
    }

    /// <summary>A job that is already done (a result that became available while a job was being set up).</summary>
    public Job Completed(string kind, string graph, string? result)
    {
        var job = new Job(NewId(), kind, graph) { Result = result };
        job.MarkRunning();
        job.Finish(JobState.Succeeded);
        _jobs[job.Id] = job;
        _finished.Enqueue(job.Id);
        return job;
    }

    /// <summary>Requests cancellation. Returns false when the job already finished.</summary>
    public bool Cancel(Job job) => Cancel(job, null);

    /// <summary>Requests cancellation, recording <paramref name="reason"/> (shown as the job's message and error). Returns false when the job already finished.</summary>
    public bool Cancel(Job job, string? reason)
    {
        if (job.IsFinished) return false;
        if (reason is not null) job.SetCancelReason(reason);
        job.Cancellation.Cancel();
        return true;
    }

    /// <summary>
    /// Cancels every queued or running job of <paramref name="graph"/> (imports, analyses, rankings)
    /// with <paramref name="reason"/>, then waits up to <paramref name="wait"/> for them to stop.
    /// Used before a graph is deleted, so that no job reports success for data that is gone.
    /// </summary>
    /// <returns>The jobs that were cancelled.</returns>
    public async Task<IReadOnlyList<Job>> CancelGraphJobsAsync(string graph, string reason, TimeSpan wait)
    {
        var cancelled = _jobs.Values.Where(j => j.Graph == graph && Cancel(j, reason)).ToList();
        if (cancelled.Count > 0)
            await Task.WhenAny(Task.WhenAll(cancelled.Select(j => j.Completion)), Task.Delay(wait)).ConfigureAwait(false);
        return cancelled;
    }

    /// <summary>
    /// Cancels the metric jobs (analysis, ranking) of <paramref name="graph"/> computing a version older
    /// than <paramref name="version"/>: their results could never be served, and they would hold the job
    /// slots the new version's jobs need.
    /// </summary>
    /// <returns>How many jobs were cancelled.</returns>
    public int CancelSuperseded(string graph, long version) =>
        _jobs.Values.Count(j => j.Graph == graph && j.Version < version
            && Cancel(j, $"superseded: graph '{graph}' was updated to version {version} while this job computed version {j.Version}"));

    private async Task RunAsync(Job job, Func<Job, CancellationToken, Task> work, Action<Job>? onFinished)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, _shutdown.Token);
        var ct = linked.Token;
        bool acquired = false, quickSlot = false;
        try
        {
            job.Report(0, "queued");
            quickSlot = await _slots.AcquireAsync(job.IsQuick, ct).ConfigureAwait(false);
            acquired = true;
            job.MarkRunning();
            job.Report(0, "started");
            await work(job, ct).ConfigureAwait(false);
            job.Finish(JobState.Succeeded);
        }
        catch (Exception e) when (ct.IsCancellationRequested && (e is OperationCanceledException || job.CancelReason is not null))
        {
            if (job.StartedAt is null) job.MarkRunning();
            string reason = job.CancelReason ?? (_shutdown.IsCancellationRequested ? "cancelled: the server shut down" : "cancelled by DELETE /jobs/" + job.Id);
            job.Finish(JobState.Cancelled, new JobError(ProblemKind.JobCancelled.Type, ProblemKind.JobCancelled.Title, ProblemKind.JobCancelled.Status, reason));
        }
        catch (Exception e)
        {
            if (job.StartedAt is null) job.MarkRunning();
            var error = ErrorOf(e);
            if (error.Status >= 500) _log.LogError(e, "Job {JobId} ({Kind} on {Graph}) failed", job.Id, job.Kind, job.Graph);
            job.Finish(JobState.Failed, error);
        }
        finally
        {
            if (acquired) _slots.Release(quickSlot);
            try { onFinished?.Invoke(job); } catch (Exception e) { _log.LogError(e, "Clean-up of job {JobId} failed", job.Id); }
            _finished.Enqueue(job.Id);
            while (_finished.Count > _retained && _finished.TryDequeue(out var old)) _jobs.TryRemove(old, out _);
        }
    }

    /// <summary>Maps a job's exception to the problem a request would have answered.</summary>
    internal static JobError ErrorOf(Exception e)
    {
        if (Imports.RequestBodyException.Find(e) is { } body)
            return new JobError(body.Kind.Type, body.Kind.Title, body.Kind.Status, body.Message);
        ProblemKind kind = e switch
        {
            Imports.ImportRejectedException => ProblemKind.ImportRejected,
            ImportFormatException => ProblemKind.ImportFormat,
            ArgumentException => ProblemKind.InvalidParameter,
            UploadTooLargeException or DecodedSizeLimitException => ProblemKind.PayloadTooLarge,
            InfluenceGraph.Core.Storage.GraphWriteConflictException => ProblemKind.WriteConflict,
            _ => ProblemKind.Internal,
        };
        string detail = kind == ProblemKind.Internal ? "The job failed unexpectedly; see the server log." : e.Message;
        return new JobError(kind.Type, kind.Title, kind.Status, detail);
    }

    /// <summary>A new random job id (16 lower-case hex digits).</summary>
    internal static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Graceful shutdown: cancels the metric jobs (recomputable), then waits for queued and running import
    /// jobs until <paramref name="cancellationToken"/> fires (the host's ShutdownTimeout), and cancels the
    /// imports still unfinished then (an import applies nothing when cancelled).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var job in _jobs.Values)
            if (!IsImport(job)) Cancel(job, "cancelled: the server shut down");
        var imports = _jobs.Values.Where(j => IsImport(j) && !j.IsFinished).ToList();
        if (imports.Count == 0) return;
        _log.LogInformation("Shutdown: waiting for {Count} import job(s) to finish", imports.Count);
        try
        {
            await Task.WhenAll(imports.Select(j => j.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
            _log.LogInformation("Shutdown: every import job finished");
        }
        catch (OperationCanceledException)
        {
            foreach (var job in imports)
                if (Cancel(job, "cancelled: the server shut down before the import finished; nothing was applied"))
                    _log.LogWarning("Shutdown: import job {JobId} into {Graph} did not finish in time and was cancelled; nothing was applied", job.Id, job.Graph);
            await Task.WhenAny(Task.WhenAll(imports.Select(j => j.Completion)), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
    }

    private static bool IsImport(Job job) => job.Kind.StartsWith("import", StringComparison.Ordinal);

    /// <summary>Cancels every job (idempotent).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private int _disposed;
}
