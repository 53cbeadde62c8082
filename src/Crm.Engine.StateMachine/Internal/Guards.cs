namespace Crm.Engine.StateMachine.Internal;

// The four guard shapes. Evaluation dispatches with type tests in generic code (see GuardEvaluator) so that a
// guard's typed argument reaches it without boxing.
internal sealed class SyncGuard(Func<bool> condition, string description)
    : TransitionGuard(description, isAsync: false, argumentType: null)
{
    public Func<bool> Condition { get; } = condition;
}

internal sealed class AsyncGuard(Func<ValueTask<bool>> condition, string description)
    : TransitionGuard(description, isAsync: true, argumentType: null)
{
    public Func<ValueTask<bool>> Condition { get; } = condition;
}

internal sealed class SyncArgsGuard<TArgs>(Func<TArgs, bool> condition, string description)
    : TransitionGuard(description, isAsync: false, argumentType: typeof(TArgs))
{
    public Func<TArgs, bool> Condition { get; } = condition;
}

internal sealed class AsyncArgsGuard<TArgs>(Func<TArgs, ValueTask<bool>> condition, string description)
    : TransitionGuard(description, isAsync: true, argumentType: typeof(TArgs))
{
    public Func<TArgs, ValueTask<bool>> Condition { get; } = condition;
}
