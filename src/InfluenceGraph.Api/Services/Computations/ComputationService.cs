using System.Diagnostics;
using InfluenceGraph.Api.Contracts;
using InfluenceGraph.Api.Hosting;
using InfluenceGraph.Api.Services.Jobs;
using InfluenceGraph.Core.Centrality;
using Microsoft.Extensions.Options;

namespace InfluenceGraph.Api.Services.Computations;

/// <summary>
/// The one place where work that may run long is cached, computed in the request, or run as a job
/// with progress: rankings, influence signals, analyses and every new analysis go through it.
/// </summary>
/// <remarks>
/// <para>Results are kept per <see cref="ComputationRequest.Key"/> in a bounded least-recently-used
/// cache (<see cref="InfluenceGraphOptions.ResultCacheEntries"/> entries, shared by every kind of
/// result); concurrent requests for one key share one computation (single flight), and a computation
/// running in a job is found by later requests, which answer 202 with that job and its real progress.
/// A failed or cancelled computation is dropped, so the next request retries.</para>
/// <para>Policy of <see cref="GetAsync{T}"/>: cached → the result; being computed by a job → that job;
/// estimated work above <see cref="InfluenceGraphOptions.SyncWorkLimit"/> → a new job; else computed in
/// the request. Jobs carry the graph version, so publishing a newer version cancels them
/// (<see cref="JobService.CancelSuperseded"/>).</para>
/// </remarks>
public sealed class ComputationService
{
    /// <summary>A finished computation and the time it took (what a job step records).</summary>
    internal sealed record Computed(object Value, double ElapsedMs);

    private static readonly IProgress<CentralityProgress> Silent = new NoProgress();

    private readonly ResultCache<Computed> _cache;
    private readonly double _syncWorkLimit;
    private readonly JobService _jobs;

    /// <summary>Creates the service.</summary>
    public ComputationService(IOptions<InfluenceGraphOptions> options, JobService jobs)
    {
        _cache = new ResultCache<Computed>(options.Value.ResultCacheEntries);
        _syncWorkLimit = options.Value.SyncWorkLimit;
        _availableMemory = options.Value.AvailableMemoryBytes;
        _jobs = jobs;
    }

    private readonly long? _availableMemory;

    /// <summary>The memory available to this process for analyses, in bytes (<see cref="InfluenceGraphOptions.AvailableMemoryBytes"/>, else the runtime's figure).</summary>
    public long AvailableMemoryBytes => Core.Metrics.MemoryBudget.Available(_availableMemory);

    /// <summary>
    /// Refuses <paramref name="request"/> before anything starts when its estimated memory plus the process's working set
    /// exceeds the memory available (<see cref="Core.Metrics.MemoryBudget"/>).
    /// </summary>
    /// <exception cref="Core.Metrics.AnalysisMemoryException">It would not fit.</exception>
    public void CheckMemory(ComputationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var g = request.State.Snapshot;
        Core.Metrics.MemoryBudget.Check(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{request.StepName} on graph '{request.State.Name}' ({g.NodeCount:N0} accounts, {g.EdgeCount:N0} follows)"),
            request.MemoryBytes, _availableMemory, request.MemoryHint);
    }

    /// <summary>True when work of this size (edge visits) runs as a job rather than in the request.</summary>
    public bool IsLong(double work) => work > _syncWorkLimit;

    /// <summary>The cached result of <paramref name="request"/>, or null when it is not computed (or still computing).</summary>
    public T? TryGetCached<T>(ComputationRequest<T> request) where T : class => TryGetCached<T>(request.Key);

    /// <summary>The cached result of the request with key <paramref name="key"/>, or null when it is not computed (or still computing).</summary>
    /// <exception cref="InvalidCastException">The result cached under that key is not a <typeparamref name="T"/>.</exception>
    public T? TryGetCached<T>(string key) where T : class =>
        _cache.TryGetCompleted(key, out var c) ? (T)c.Value : null;

    /// <summary>True when the result of <paramref name="request"/> is cached.</summary>
    public bool IsCached(ComputationRequest request) => _cache.TryGetCompleted(request.Key, out _);

    /// <summary>The queued or running job computing <paramref name="request"/> (itself or as a step of a larger job), or null.</summary>
    public Job? RunningJob(ComputationRequest request) => RunningJob(request.Key);

    /// <summary>The queued or running job computing the request with key <paramref name="key"/>, or null.</summary>
    public Job? RunningJob(string key) =>
        _cache.RunningJobId(key) is { } id && _jobs.Get(id) is { State: JobState.Queued or JobState.Running } job ? job : null;

    /// <summary>
    /// The result of <paramref name="request"/>, or the job computing it: from the cache; the job
    /// already computing it; a new job when its work is long (<paramref name="resultLink"/> is where
    /// the result will be, recorded in the job); else computed now, in the request.
    /// </summary>
    /// <param name="request">What to compute.</param>
    /// <param name="resultLink">The URL that serves the result once computed (usually the request's own path and query).</param>
    /// <exception cref="Exception">Whatever the work throws when computed in the request (bad parameters: <see cref="ArgumentException"/>...).</exception>
    public async Task<ComputationOutcome<T>> GetAsync<T>(ComputationRequest<T> request, string resultLink) where T : class
    {
        if (TryGetCached(request) is { } hit) return new(hit, null);
        if (RunningJob(request) is { } running) return new(null, running);
        CheckMemory(request);
        if (IsLong(request.Work)) return new(null, StartJob(request, resultLink));
        return new(await GetOrComputeAsync(request).ConfigureAwait(false), null);
    }

    /// <summary>The result of <paramref name="request"/>: cached, awaited from a computation in flight, or computed now on the thread pool (never a job).</summary>
    public async Task<T> GetOrComputeAsync<T>(ComputationRequest<T> request) where T : class =>
        (T)(await Inline(request).ConfigureAwait(false)).Value;

    /// <summary>
    /// Starts the job computing <paramref name="request"/>, or returns the one already doing it. When
    /// another request is computing it without a job, the job returned follows that computation (it
    /// ends when it does, never claiming success early); when it is already cached, a finished job.
    /// </summary>
    /// <param name="request">What to compute.</param>
    /// <param name="resultLink">Recorded as the job's result (and its step's) on success.</param>
    public Job StartJob(ComputationRequest request, string resultLink)
    {
        if (RunningJob(request) is { } running) return running;
        Job? job = null;
        _cache.GetOrStart(request.Key, () =>
        {
            CheckMemory(request);
            var done = new TaskCompletionSource<Computed>(TaskCreationOptions.RunContinuationsAsynchronously);
            job = _jobs.Start(request.JobKind, request.State.Name, async (j, ct) =>
            {
                try
                {
                    var context = new ComputationContext(this, j, new JobStepProgress(j), ct);
                    if (request.RecordsOwnStep) j.SetStep(new JobStep(request.StepName, "running", 0, null));
                    var computed = await Measure(request, context).ConfigureAwait(false);
                    if (request.RecordsOwnStep) j.SetStep(new JobStep(request.StepName, "succeeded", computed.ElapsedMs, resultLink));
                    j.Result = resultLink;
                    done.TrySetResult(computed);
                }
                catch (OperationCanceledException) { done.TrySetCanceled(); throw; }
                catch (Exception e) { done.TrySetException(e); throw; }
            }, _ => done.TrySetCanceled(), request.State.Version, estimatedWork: request.Work); // a job cancelled while queued never ran its work
            return (done.Task, job.Id);
        });
        if (job is not null) return job;
        if (RunningJob(request) is { } owner) return owner;
        if (IsCached(request)) return _jobs.Completed(request.JobKind, request.State.Name, resultLink);
        // Computing without a job of its own (a request computing it inline): follow that computation.
        var inflight = Inline(request);
        return _jobs.Start(request.JobKind, request.State.Name, async (j, ct) =>
        {
            j.Report(0, "waiting for the computation already under way");
            var computed = await inflight.WaitAsync(ct).ConfigureAwait(false);
            j.SetStep(new JobStep(request.StepName, "succeeded", computed.ElapsedMs, resultLink));
            j.Result = resultLink;
        }, version: request.State.Version, estimatedWork: request.Work);
    }

    /// <summary>
    /// Starts a job that is not itself cached but runs cached requests as its steps (e.g. an analysis
    /// computing several metrics): <paramref name="work"/> receives a context whose
    /// <see cref="ComputationContext.StepAsync{T}"/> computes (or takes from the cache) each part.
    /// </summary>
    /// <param name="jobKind">The job kind (<c>analysis</c>...).</param>
    /// <param name="state">The graph version (publishing a newer one cancels the job).</param>
    /// <param name="work">The work; it sets the job's result with <see cref="ComputationContext.SetResult"/>.</param>
    /// <param name="estimatedWork">Estimated work in edge visits (ETA, short-job lane), or null when unknown.</param>
    public Job StartJob(string jobKind, Core.Storage.GraphState state, Func<ComputationContext, Task> work, double? estimatedWork = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(work);
        return _jobs.Start(jobKind, state.Name, (j, ct) => work(new ComputationContext(this, j, new JobStepProgress(j), ct)), version: state.Version, estimatedWork: estimatedWork);
    }

    /// <summary>
    /// Computes (or awaits, or takes from the cache) <paramref name="request"/> on behalf of
    /// <paramref name="job"/>: recorded with that job's id, so a request for the same result meanwhile
    /// answers 202 with it. Returns the result and whether it was cached before.
    /// </summary>
    internal async Task<(Computed Result, bool Cached)> ComputeForAsync(ComputationRequest request, IProgress<CentralityProgress> progress, Job? job, CancellationToken ct)
    {
        var (task, existed) = _cache.GetOrStart(request.Key,
            () => { CheckMemory(request); return (Task.Run(() => Measure(request, new ComputationContext(this, null, progress, ct)), ct), job?.Id); });
        bool cached = existed && task.IsCompletedSuccessfully;
        return (await task.WaitAsync(ct).ConfigureAwait(false), cached);
    }

    private Task<Computed> Inline(ComputationRequest request) =>
        _cache.GetOrStart(request.Key, () => { CheckMemory(request); return Task.Run(() => Measure(request, new ComputationContext(this, null, Silent, CancellationToken.None))); }).Task;

    private static async Task<Computed> Measure(ComputationRequest request, ComputationContext context)
    {
        var clock = Stopwatch.StartNew();
        object value = await request.RunAsync(context).ConfigureAwait(false);
        return new Computed(value, request.RecordedElapsedMs(value) ?? clock.Elapsed.TotalMilliseconds);
    }

    private sealed class NoProgress : IProgress<CentralityProgress>
    {
        public void Report(CentralityProgress value) { }
    }
}

/// <summary>
/// What a computation sees while it runs: progress, cancellation, and — inside a job — the job's
/// steps. Inside a request there is no job: progress is discarded and steps run without records.
/// </summary>
public sealed class ComputationContext
{
    private readonly ComputationService _service;

    internal ComputationContext(ComputationService service, Job? job, IProgress<CentralityProgress> progress, CancellationToken cancellationToken)
    {
        _service = service;
        Job = job;
        Progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job running the computation, or null when it runs inside a request.</summary>
    public Job? Job { get; }

    /// <summary>Where a kernel reports its progress (never null).</summary>
    public IProgress<CentralityProgress> Progress { get; }

    /// <summary>Cancelled by <c>DELETE /jobs/{id}</c>, a newer graph version, or shutdown.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Reports overall progress of the job (fraction in [0, 1]); nothing inside a request.</summary>
    public void Report(double fraction, string message) => Job?.Report(fraction, message);

    /// <summary>Lists the steps to come as <c>pending</c> (shown by <c>GET /jobs/{id}</c> before they start).</summary>
    public void PlanSteps(IEnumerable<string> names)
    {
        if (Job is null) return;
        foreach (var name in names) Job.SetStep(new JobStep(name, "pending", 0, null));
    }

    /// <summary>Sets the job's result link (where the client finds what the job computed).</summary>
    public void SetResult(string? link)
    {
        if (Job is not null) Job.Result = link;
    }

    /// <summary>
    /// Computes <paramref name="part"/> as step <paramref name="index"/> of <paramref name="count"/>:
    /// from the cache (step <c>cached</c>), from a computation in flight, or computed now (step
    /// <c>running</c>, then <c>succeeded</c> with its time); its progress counts as that share of the job.
    /// The part is cached on its own, so a later request for it (a ranking...) is answered at once.
    /// </summary>
    /// <param name="part">The part.</param>
    /// <param name="index">0-based step index.</param>
    /// <param name="count">Number of steps the job's progress is divided into (&gt;= 1).</param>
    /// <param name="resultLink">Where the part's result is served, recorded in its step; may be null.</param>
    public async Task<TPart> StepAsync<TPart>(ComputationRequest<TPart> part, int index, int count, string? resultLink = null) where TPart : class
    {
        ArgumentNullException.ThrowIfNull(part);
        Job?.SetStep(new JobStep(part.StepName, "running", 0, null));
        IProgress<CentralityProgress> progress = Job is null ? Progress : new JobStepProgress(Job, index, count, part.StepName);
        var (computed, cached) = await _service.ComputeForAsync(part, progress, Job, CancellationToken).ConfigureAwait(false);
        Job?.SetStep(new JobStep(part.StepName, cached ? "cached" : "succeeded", computed.ElapsedMs, resultLink));
        return (TPart)computed.Value;
    }
}
