namespace InfluenceGraph.Api.Services;

/// <summary>
/// A bounded least-recently-used cache of computations by key, with single flight: concurrent
/// requests for one key share one task, and a task started by a job is found by later requests
/// (with the job id). Failed or cancelled computations are dropped, so the next request retries.
/// Thread-safe.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class ResultCache<T>(int capacity)
{
    private sealed class Entry(Task<T> task, string? jobId)
    {
        public Task<T> Task { get; } = task;
        public string? JobId { get; } = jobId;
        public LinkedListNode<string>? Node { get; set; }
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _lru = new();
    private readonly object _gate = new();
    private readonly int _capacity = Math.Max(1, capacity);

    /// <summary>Entries held (finished or running).</summary>
    public int Count { get { lock (_gate) return _entries.Count; } }

    /// <summary>The finished result of <paramref name="key"/>, or default when absent or still running.</summary>
    public bool TryGetCompleted(string key, out T result)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var e) && e.Task.IsCompletedSuccessfully)
            {
                Touch(e);
                result = e.Task.Result;
                return true;
            }
        }
        result = default!;
        return false;
    }

    /// <summary>The id of the job computing <paramref name="key"/>, when one is running.</summary>
    public string? RunningJobId(string key)
    {
        lock (_gate)
            return _entries.TryGetValue(key, out var e) && !e.Task.IsCompleted ? e.JobId : null;
    }

    /// <summary>
    /// The task of <paramref name="key"/>: the cached or running one, or a new one made by
    /// <paramref name="start"/> (called under the lock: it must only start work, not wait for it).
    /// </summary>
    /// <returns>The task, and whether it already existed.</returns>
    public (Task<T> Task, bool Existed) GetOrStart(string key, Func<Task<T>> start) =>
        GetOrStart(key, () => (start(), (string?)null));

    /// <summary>As <see cref="GetOrStart(string, Func{Task{T}})"/>, for work started as a job (its id is recorded).</summary>
    public (Task<T> Task, bool Existed) GetOrStart(string key, Func<(Task<T> Task, string? JobId)> start)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var e))
            {
                if (!e.Task.IsFaulted && !e.Task.IsCanceled) { Touch(e); return (e.Task, true); }
                // A failure not yet dropped by its continuation: start again rather than rethrow it.
                _entries.Remove(key);
                if (e.Node?.List is not null) _lru.Remove(e.Node);
            }
            var (task, jobId) = start();
            Add(key, new Entry(task, jobId));
            return (task, false);
        }
    }

    /// <summary>Drops <paramref name="key"/> when its entry is still <paramref name="task"/>.</summary>
    public void Remove(string key, Task task)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var e) && ReferenceEquals(e.Task, task))
            {
                _entries.Remove(key);
                if (e.Node?.List is not null) _lru.Remove(e.Node);
            }
        }
    }

    private void Add(string key, Entry entry)
    {
        entry.Node = _lru.AddFirst(key);
        _entries[key] = entry;
        entry.Task.ContinueWith(t => Remove(key, t), CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (_entries.Count > _capacity && _lru.Last is { } last)
        {
            _lru.RemoveLast();
            _entries.Remove(last.Value);
        }
    }

    private void Touch(Entry e)
    {
        if (e.Node?.List is null) return;
        _lru.Remove(e.Node);
        _lru.AddFirst(e.Node);
    }
}
