using System.Diagnostics;
using InfluenceGraph.Api.Contracts;

namespace InfluenceGraph.Api.Services.Jobs;

/// <summary>States of a job.</summary>
public enum JobState
{
    /// <summary>Waiting for a free slot.</summary>
    Queued,
    /// <summary>Running.</summary>
    Running,
    /// <summary>Finished with a result.</summary>
    Succeeded,
    /// <summary>Finished with an error.</summary>
    Failed,
    /// <summary>Cancelled by DELETE /jobs/{id} or at shutdown.</summary>
    Cancelled,
}

/// <summary>A background job: state, progress, timings and result link. Thread-safe.</summary>
public sealed class Job
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = new();
    private readonly List<JobStep> _steps = [];
    private readonly Dictionary<string, double> _stepStartMs = new(StringComparer.Ordinal); // job clock when a step began running
    private double _progress;
    private string? _message;

    internal Job(string id, string kind, string graph, long? version = null, double? estimatedSeconds = null, bool quick = false)
    {
        Id = id;
        Kind = kind;
        Graph = graph;
        Version = version;
        EstimatedSeconds = estimatedSeconds;
        IsQuick = quick;
        CreatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Estimated running time in seconds from the work estimate (before progress is known), or null when unknown.</summary>
    public double? EstimatedSeconds { get; }

    /// <summary>True for a short job, which may take a slot reserved for short jobs (see <see cref="JobService"/>).</summary>
    public bool IsQuick { get; }

    /// <summary>The graph version the job computes metrics for (analysis and ranking jobs), else null.</summary>
    public long? Version { get; }
    /// <summary>Why the job was cancelled by the server (graph deleted, superseded by a newer version), or null.</summary>
    public string? CancelReason { get; private set; }

    /// <summary>Records why the server cancels the job (first reason wins).</summary>
    internal void SetCancelReason(string reason)
    {
        lock (_gate) CancelReason ??= reason;
    }

    /// <summary>Job id (URL-safe).</summary>
    public string Id { get; }
    /// <summary>Kind (<c>ranking</c>, <c>analysis</c>, <c>import-edges</c>, <c>import-accounts</c>).</summary>
    public string Kind { get; }
    /// <summary>Graph name.</summary>
    public string Graph { get; }
    /// <summary>Submission time.</summary>
    public DateTimeOffset CreatedAt { get; }
    /// <summary>Start time, or null while queued.</summary>
    public DateTimeOffset? StartedAt { get; private set; }
    /// <summary>End time, or null while not finished.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>Current state.</summary>
    public JobState State { get; private set; } = JobState.Queued;
    /// <summary>Link to the result once succeeded.</summary>
    public string? Result { get; set; }
    /// <summary>Import report of an import job.</summary>
    public ImportReportDto? Import { get; set; }
    /// <summary>Failure description.</summary>
    public JobError? Error { get; private set; }
    /// <summary>Cancels the job's work.</summary>
    internal CancellationTokenSource Cancellation { get; } = new();
    /// <summary>Completes when the job has finished in any state.</summary>
    public Task Completion => _done.Task;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once succeeded, failed or cancelled.</summary>
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>Reports progress: a fraction in [0, 1] and a message. Ignored once the job has finished, so a
    /// worker's late report never overwrites the final message (e.g. why the job was cancelled).</summary>
    public void Report(double fraction, string? message)
    {
        lock (_gate)
        {
            if (IsFinished) return;
            _progress = Math.Clamp(double.IsFinite(fraction) ? fraction : 0, 0, 1);
            _message = message;
        }
    }

    /// <summary>Adds or replaces the step named <paramref name="step"/>.<c>Name</c>.</summary>
    public void SetStep(JobStep step)
    {
        lock (_gate)
        {
            int i = _steps.FindIndex(s => s.Name == step.Name);
            if (i >= 0) _steps[i] = step; else _steps.Add(step);
            if (step.State == "running") _stepStartMs[step.Name] = _clock.Elapsed.TotalMilliseconds;
        }
    }

    internal void MarkRunning()
    {
        lock (_gate) { State = JobState.Running; StartedAt = DateTimeOffset.UtcNow; _clock.Start(); }
    }

    internal void Finish(JobState state, JobError? error = null)
    {
        lock (_gate)
        {
            _clock.Stop();
            State = state;
            Error = error;
            FinishedAt = DateTimeOffset.UtcNow;
            if (state == JobState.Succeeded) { _progress = 1; _message ??= "done"; }
            else
            {
                // No step of a finished job is still running: the one interrupted ends like the job, the ones not started are skipped.
                string interrupted = state == JobState.Cancelled ? "cancelled" : "failed";
                for (int i = 0; i < _steps.Count; i++)
                {
                    if (_steps[i].State == "running") _steps[i] = _steps[i] with { State = interrupted, ElapsedMs = RunningFor(_steps[i]) };
                    else if (_steps[i].State == "pending") _steps[i] = _steps[i] with { State = "skipped" };
                }
                if (state == JobState.Cancelled) _message = CancelReason ?? "cancelled by DELETE /jobs/" + Id;
            }
        }
        _done.TrySetResult();
    }

    /// <summary>The public view of the job.</summary>
    public JobStatus ToStatus()
    {
        lock (_gate)
        {
            return new JobStatus(Id, Kind, Graph, State.ToString().ToLowerInvariant(), _progress, _message,
                CreatedAt, StartedAt, FinishedAt, _clock.Elapsed.TotalMilliseconds,
                State == JobState.Succeeded ? Result : null,
                _steps.Select(st => st.State == "running" ? st with { ElapsedMs = RunningFor(st) } : st).ToList(), Import, Error,
                Eta(), IsQuick ? "quick" : "general");
        }
    }

    /// <summary>Seconds left (caller holds the lock): extrapolated from progress once there is some, else the estimate; null when finished or unknown.</summary>
    private double? Eta()
    {
        if (IsFinished) return null;
        double elapsed = _clock.Elapsed.TotalSeconds;
        if (State == JobState.Running && _progress > 0.005 && elapsed > 0) return Math.Round(elapsed * (1 - _progress) / _progress, 1);
        return EstimatedSeconds is double e ? Math.Round(Math.Max(0, e - elapsed), 1) : null;
    }

    /// <summary>Milliseconds a running step has taken so far (caller holds the lock).</summary>
    private double RunningFor(JobStep step) =>
        _stepStartMs.TryGetValue(step.Name, out double start) ? Math.Max(0, _clock.Elapsed.TotalMilliseconds - start) : step.ElapsedMs;
}
