using System.Globalization;
using InfluenceGraph.Core.Centrality;
using InfluenceGraph.Core.Storage;

namespace InfluenceGraph.Api.Services.Computations;

/// <summary>
/// One piece of work on one graph version that may run long (a ranking, the influence signals, an
/// audience, a guest list...), keyed for caching: (graph, creation time, version, analysis, normalized
/// parameters). Handed to <see cref="ComputationService"/>, which serves it from the cache, computes
/// it in the request when cheap, or runs it as a job with progress when its estimated work is large.
/// </summary>
/// <remarks>Build one with <see cref="ComputationRequest{T}"/>; the key with <see cref="KeyOf"/>.</remarks>
public abstract class ComputationRequest
{
    /// <summary>Sets the common fields.</summary>
    /// <exception cref="ArgumentException"><paramref name="jobKind"/> or <paramref name="key"/> is empty, or <paramref name="work"/> is negative or NaN.</exception>
    private protected ComputationRequest(string jobKind, GraphState state, string key, double work)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobKind);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!(work >= 0)) throw new ArgumentOutOfRangeException(nameof(work), work, "The estimated work must be a number >= 0.");
        JobKind = jobKind;
        State = state;
        Key = key;
        Work = work;
        StepName = jobKind;
    }

    /// <summary>The kind of the job that computes it when long (<c>ranking</c>, <c>influencers</c>, <c>audience</c>...), shown in <c>GET /jobs</c>.</summary>
    public string JobKind { get; }

    /// <summary>The graph version the result belongs to.</summary>
    public GraphState State { get; }

    /// <summary>The cache key (see <see cref="KeyOf"/>): two requests with the same key share one result.</summary>
    public string Key { get; }

    /// <summary>
    /// Estimated cost in edge visits (e.g. n·m for exact betweenness, m·iterations for PageRank). Above
    /// <see cref="Hosting.InfluenceGraphOptions.SyncWorkLimit"/> an uncached request becomes a job.
    /// </summary>
    public double Work { get; }

    /// <summary>
    /// Estimated peak memory of the computation in bytes (0 = negligible or unknown): checked before it starts against the
    /// memory available to the process (<see cref="Core.Metrics.MemoryBudget"/>); a computation that would not fit is refused
    /// with <see cref="Core.Metrics.AnalysisMemoryException"/> (API: 507).
    /// </summary>
    public double MemoryBytes { get; init; }

    /// <summary>What would make the computation need less memory (named in a refusal), or null.</summary>
    public string? MemoryHint { get; init; }

    /// <summary>The name of its step in a job (a metric name, <c>audience</c>...); defaults to <see cref="JobKind"/>.</summary>
    public string StepName { get; init; }

    /// <summary>
    /// True when a job computing it shows it as one step (<see cref="StepName"/>: running, then succeeded
    /// with its time and result link). Default true for a kernel, false for composite work, whose parts
    /// (<see cref="ComputationContext.StepAsync{TPart}"/>) are the steps.
    /// </summary>
    public bool RecordsOwnStep { get; init; } = true;

    /// <summary>Runs the work (inline or in a job, as the context says).</summary>
    internal abstract Task<object> RunAsync(ComputationContext context);

    /// <summary>The computation time to record in a job step for a result, or null to use the measured wall time.</summary>
    internal abstract double? RecordedElapsedMs(object result);

    /// <summary>
    /// The cache key of an analysis of <paramref name="state"/>: graph name, creation time (a recreated
    /// graph never hits an old entry), version, <paramref name="analysis"/>, then each parameter
    /// (invariant culture, doubles round-trip), separated by U+001F.
    /// </summary>
    /// <param name="state">The graph version.</param>
    /// <param name="analysis">The analysis name (<c>pagerank</c>, <c>signals</c>, <c>audience</c>...).</param>
    /// <param name="parameters">Normalized parameters, in a fixed order (defaults filled in, so that equal requests give equal keys).</param>
    public static string KeyOf(GraphState state, string analysis, params IEnumerable<object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = new List<string> { state.Name, state.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), state.Version.ToString(CultureInfo.InvariantCulture)
            + (state.AsOf is { } asOf ? "@" + asOf.ToString(CultureInfo.InvariantCulture) : ""), analysis };
        foreach (var p in parameters)
            parts.Add(p switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => p.ToString() ?? "",
            });
        return string.Join("\u001f", parts);
    }
}

/// <summary>A <see cref="ComputationRequest"/> whose result is a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result (immutable once computed: it is shared by every request with the same key).</typeparam>
public sealed class ComputationRequest<T> : ComputationRequest where T : class
{
    private readonly Func<ComputationContext, Task<T>> _compute;

    /// <summary>A request computed by a synchronous kernel (run on a pool thread).</summary>
    /// <param name="jobKind">Job kind when it runs long (<c>ranking</c>, <c>audience</c>...).</param>
    /// <param name="state">The graph version.</param>
    /// <param name="key">Cache key, from <see cref="ComputationRequest.KeyOf"/>.</param>
    /// <param name="work">Estimated work in edge visits (&gt;= 0).</param>
    /// <param name="compute">The kernel: reports progress (never null; a no-op inside a request) and honours the token.</param>
    public ComputationRequest(string jobKind, GraphState state, string key, double work, Func<IProgress<CentralityProgress>, CancellationToken, T> compute)
        : base(jobKind, state, key, work)
    {
        ArgumentNullException.ThrowIfNull(compute);
        _compute = ctx => Task.Run(() => compute(ctx.Progress, ctx.CancellationToken), ctx.CancellationToken);
    }

    /// <summary>
    /// A request computed by asynchronous work, typically a composite of other requests run as steps
    /// (<see cref="ComputationContext.StepAsync{TPart}"/>), each cached on its own.
    /// </summary>
    /// <param name="jobKind">Job kind when it runs long.</param>
    /// <param name="state">The graph version.</param>
    /// <param name="key">Cache key, from <see cref="ComputationRequest.KeyOf"/>.</param>
    /// <param name="work">Estimated work in edge visits (&gt;= 0), e.g. the parts not cached yet.</param>
    /// <param name="compute">The work.</param>
    public ComputationRequest(string jobKind, GraphState state, string key, double work, Func<ComputationContext, Task<T>> compute)
        : base(jobKind, state, key, work)
    {
        ArgumentNullException.ThrowIfNull(compute);
        _compute = compute;
        RecordsOwnStep = false;
    }

    /// <summary>The computation time a job step records for a result (e.g. a metric's own timing); null = the wall time measured around the work.</summary>
    public Func<T, double>? ElapsedMs { get; init; }

    internal override async Task<object> RunAsync(ComputationContext context) => await _compute(context).ConfigureAwait(false);

    internal override double? RecordedElapsedMs(object result) => ElapsedMs?.Invoke((T)result);
}

/// <summary>What <see cref="ComputationService.GetAsync{T}"/> answers: the result, or the job computing it.</summary>
/// <typeparam name="T">The result type.</typeparam>
/// <param name="Result">The result (from the cache or computed in the request), or null when <paramref name="Job"/> is set.</param>
/// <param name="Job">The queued or running job computing it (answer 202 with it), or null when <paramref name="Result"/> is set.</param>
public sealed record ComputationOutcome<T>(T? Result, Jobs.Job? Job) where T : class;
