namespace InfluenceGraph.Api.Services.Jobs;

/// <summary>
/// The job slots: <c>general</c> slots any job may take, and <c>quick</c> slots only short jobs may take, so that
/// a short job never waits behind long ones. Waiters are served first come, first served among those a freed
/// slot may go to: a freed general slot goes to the oldest waiter, a freed quick slot to the oldest short waiter.
/// A short job takes a general slot when one is free, else a quick one. Thread-safe.
/// </summary>
public sealed class JobSlots
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private int _freeGeneral;
    private int _freeQuick;

    /// <summary>Creates the slots.</summary>
    /// <param name="general">General slots (at least 1 is used).</param>
    /// <param name="quick">Slots for short jobs only (0 or more).</param>
    public JobSlots(int general, int quick)
    {
        _freeGeneral = Math.Max(1, general);
        _freeQuick = Math.Max(0, quick);
    }

    private sealed record Waiter(bool Quick, TaskCompletionSource<bool> Granted);

    /// <summary>Waits for a slot; the result says which (true = a quick slot). Release it with <see cref="Release"/>.</summary>
    /// <param name="quick">True for a short job (may take a quick slot).</param>
    /// <param name="cancellationToken">Cancels the wait (<see cref="OperationCanceledException"/>); no slot is held then.</param>
    public async Task<bool> AcquireAsync(bool quick, CancellationToken cancellationToken)
    {
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            if (_freeGeneral > 0) { _freeGeneral--; return false; }
            if (quick && _freeQuick > 0) { _freeQuick--; return true; }
            waiter = new Waiter(quick, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            node = _waiters.AddLast(waiter);
        }
        using (cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is null) return; // already granted
                _waiters.Remove(node);
            }
            waiter.Granted.TrySetCanceled(cancellationToken);
        }))
        {
            return await waiter.Granted.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Frees a slot taken by <see cref="AcquireAsync"/> (<paramref name="quickSlot"/> as it returned): handed to the oldest waiter it may serve, else kept free.</summary>
    public void Release(bool quickSlot)
    {
        lock (_gate)
        {
            for (var n = _waiters.First; n is not null; n = n.Next)
            {
                if (quickSlot && !n.Value.Quick) continue;
                _waiters.Remove(n);
                n.Value.Granted.TrySetResult(quickSlot);
                return;
            }
            if (quickSlot) _freeQuick++; else _freeGeneral++;
        }
    }
}
