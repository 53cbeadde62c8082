using Polly;

namespace Crm.Engine.Plugins;

/// <summary>
/// Limits how many calls run in one plugin version at once, queueing a bounded number of callers and rejecting the
/// rest. Written as a Polly strategy (rather than Polly.RateLimiting) because the uncontended path must not allocate:
/// <see cref="SemaphoreSlim.Wait(int)"/> with a zero timeout takes a slot without a lease object or a task.
/// </summary>
internal sealed class ConcurrencyLimitStrategy(int maxConcurrency, int maxQueue) : ResilienceStrategy, IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);
    private int _queued;

    /// <summary>Releases the semaphore; Polly disposes strategies with the pipeline that owns them.</summary>
    public void Dispose() => _slots.Dispose();

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (!_slots.Wait(0))
        {
            return QueueAsync(callback, context, state);
        }

        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        if (pending.IsCompleted)
        {
            _slots.Release();
            return pending;
        }

        return ReleaseWhenDoneAsync(pending);
    }

    private async ValueTask<Outcome<TResult>> ReleaseWhenDoneAsync<TResult>(ValueTask<Outcome<TResult>> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async ValueTask<Outcome<TResult>> QueueAsync<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (Interlocked.Increment(ref _queued) > maxQueue)
        {
            Interlocked.Decrement(ref _queued);
            return Outcome.FromException<TResult>(new ConcurrencyLimitExceededException());
        }

        try
        {
            await _slots.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception)
        {
            return Outcome.FromException<TResult>(exception);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }

        try
        {
            return await callback(context, state).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
