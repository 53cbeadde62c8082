namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// A user action run during a transition (entry, exit, transition handler or internal-transition action).
/// The concrete shapes below are dispatched by type tests in <see cref="ActionInvoker"/>, which keeps typed arguments unboxed.
/// </summary>
internal abstract class ActionCallback<TState, TTrigger>(string description, bool isAsync, Type? argumentType)
{
    public string Description { get; } = description;

    public bool IsAsync { get; } = isAsync;

    /// <summary>Gets the trigger argument type the action reads, or null when it reads none.</summary>
    public Type? ArgumentType { get; } = argumentType;
}

internal sealed class SyncCallback<TState, TTrigger>(Action<Transition<TState, TTrigger>> action, string description)
    : ActionCallback<TState, TTrigger>(description, isAsync: false, argumentType: null)
{
    public Action<Transition<TState, TTrigger>> Action { get; } = action;
}

internal sealed class AsyncCallback<TState, TTrigger>(Func<Transition<TState, TTrigger>, ValueTask> action, string description)
    : ActionCallback<TState, TTrigger>(description, isAsync: true, argumentType: null)
{
    public Func<Transition<TState, TTrigger>, ValueTask> Action { get; } = action;
}

internal sealed class SyncArgsCallback<TState, TTrigger, TArgs>(Action<TArgs, Transition<TState, TTrigger>> action, string description)
    : ActionCallback<TState, TTrigger>(description, isAsync: false, argumentType: typeof(TArgs))
{
    public Action<TArgs, Transition<TState, TTrigger>> Action { get; } = action;
}

internal sealed class AsyncArgsCallback<TState, TTrigger, TArgs>(Func<TArgs, Transition<TState, TTrigger>, ValueTask> action, string description)
    : ActionCallback<TState, TTrigger>(description, isAsync: true, argumentType: typeof(TArgs))
{
    public Func<TArgs, Transition<TState, TTrigger>, ValueTask> Action { get; } = action;
}
