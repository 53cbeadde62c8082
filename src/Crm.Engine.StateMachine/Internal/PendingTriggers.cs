namespace Crm.Engine.StateMachine.Internal;

/// <summary>A trigger fired from inside an action, waiting until the current transition completes.</summary>
internal abstract class QueuedFire<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public abstract void Run(StateMachine<TState, TTrigger> machine);

    public abstract ValueTask RunAsync(StateMachine<TState, TTrigger> machine);
}

/// <summary>A queued trigger with its typed argument, kept unboxed.</summary>
internal sealed class QueuedFire<TState, TTrigger, TArgs>(int triggerIndex, TTrigger trigger, TArgs args) : QueuedFire<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private TArgs _args = args;

    public override void Run(StateMachine<TState, TTrigger> machine) => machine.Step(triggerIndex, trigger, ref _args);

    public override ValueTask RunAsync(StateMachine<TState, TTrigger> machine) => machine.StepAsync(triggerIndex, trigger, _args);
}

/// <summary>
/// The FIFO of queued triggers of one machine. Only touched by the flow that owns the machine's gate, but locked anyway because an
/// asynchronous action may hand the machine to code it started without awaiting. Emptiness and the mark are readable without the lock.
/// </summary>
internal sealed class PendingTriggers<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private readonly List<QueuedFire<TState, TTrigger>> _items = [];
    private int _head;
    private int _pending;
    private int _total;

    public int Count => Volatile.Read(ref _pending);

    public bool IsEmpty => Volatile.Read(ref _pending) == 0;

    /// <summary>Gets a marker for the current end of the queue, used to discard what a failed transition queued.</summary>
    public int Mark => Volatile.Read(ref _total);

    public void Enqueue(QueuedFire<TState, TTrigger> item)
    {
        lock (_items)
        {
            _items.Add(item);
            Publish();
        }
    }

    public bool TryDequeue(out QueuedFire<TState, TTrigger>? item)
    {
        lock (_items)
        {
            if (_head == _items.Count)
            {
                item = null;
                return false;
            }

            item = _items[_head++];
            if (_head == _items.Count)
            {
                _items.Clear();
                _head = 0;
            }

            Publish();
            return true;
        }
    }

    /// <summary>Discards the triggers queued after <paramref name="mark"/> was taken.</summary>
    public void TruncateTo(int mark)
    {
        lock (_items)
        {
            if (mark < _items.Count)
            {
                _items.RemoveRange(mark, _items.Count - mark);
                Publish();
            }
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
            _head = 0;
            Publish();
        }
    }

    private void Publish()
    {
        Volatile.Write(ref _total, _items.Count);
        Volatile.Write(ref _pending, _items.Count - _head);
    }
}
