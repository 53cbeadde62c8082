namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// A mutual-exclusion gate held for the whole processing of a fire, including across awaits of asynchronous actions.
/// Uncontended enter and exit are one interlocked operation each and allocate nothing; waiting (blocking or asynchronous) allocates
/// a shared signal object once per machine and a task per asynchronous wait.
/// </summary>
/// <remarks>
/// This is a mutable struct embedded in the machine: it must live in a non-readonly field and never be copied.
/// It is not fair: a caller arriving just as the gate is released may overtake waiters, which favours throughput.
/// </remarks>
internal struct FiringGate
{
    private int _held;
    private int _waiting;
    private GateSignal? _signal;

    /// <summary>Gets or sets the managed thread id of the owner while it runs synchronously; 0 when unknown or not held.</summary>
    public int OwnerThreadId { readonly get; set; }

    public bool TryEnter() => Interlocked.CompareExchange(ref _held, 1, 0) == 0;

    /// <summary>Blocks until the gate is entered.</summary>
    public void Enter()
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            var spinner = default(SpinWait);
            while (!spinner.NextSpinWillYield)
            {
                if (TryEnter())
                {
                    return;
                }

                spinner.SpinOnce();
            }

            GateSignal signal = EnsureSignal();
            lock (signal)
            {
                while (!TryEnter())
                {
                    Monitor.Wait(signal);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Announces an asynchronous waiter; pair with <see cref="EndWait"/> once entered.</summary>
    public void BeginWait() => Interlocked.Increment(ref _waiting);

    public void EndWait() => Interlocked.Decrement(ref _waiting);

    /// <summary>Enters the gate, or returns a task that completes when it is worth trying again.</summary>
    public Task? TryEnterOrGetWaitTask()
    {
        if (TryEnter())
        {
            return null;
        }

        GateSignal signal = EnsureSignal();
        lock (signal)
        {
            // Checked again under the lock: Exit releases before taking the lock, so a waiter registered here cannot be missed.
            if (TryEnter())
            {
                return null;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal.AsyncWaiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    public void Exit()
    {
        OwnerThreadId = 0;

        // A full fence between releasing and reading the waiter count; paired with the increment before a waiter's TryEnter, one
        // side always sees the other, so no wake-up is lost.
        Interlocked.Exchange(ref _held, 0);
        if (Volatile.Read(ref _waiting) != 0)
        {
            Wake();
        }
    }

    private void Wake()
    {
        GateSignal signal = EnsureSignal();
        TaskCompletionSource? next;
        lock (signal)
        {
            Monitor.PulseAll(signal);
            signal.AsyncWaiters.TryDequeue(out next);
        }

        next?.TrySetResult();
    }

    private GateSignal EnsureSignal() =>
        Volatile.Read(ref _signal) ?? Interlocked.CompareExchange(ref _signal, new GateSignal(), null) ?? _signal!;

    private sealed class GateSignal
    {
        public Queue<TaskCompletionSource> AsyncWaiters { get; } = new();
    }
}
