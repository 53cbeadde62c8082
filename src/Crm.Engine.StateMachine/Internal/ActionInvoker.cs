namespace Crm.Engine.StateMachine.Internal;

/// <summary>Runs action callbacks with the typed trigger argument of the current firing.</summary>
internal static class ActionInvoker
{
    /// <summary>Runs a synchronous callback; the caller has made sure no asynchronous callback reaches this path.</summary>
    public static void Invoke<TState, TTrigger, TArgs>(
        ActionCallback<TState, TTrigger> callback, in Transition<TState, TTrigger> transition, in TArgs args)
    {
        if (callback is SyncCallback<TState, TTrigger> plain)
        {
            plain.Action(transition);
        }
        else if (callback is SyncArgsCallback<TState, TTrigger, TArgs> typed)
        {
            typed.Action(args, transition);
        }
        else
        {
            // Only reachable if validation let a mismatched argument type through; failing loudly beats skipping an action.
            throw new InvalidOperationException(
                $"Action {ValueText.Quote(callback.Description)} cannot run with arguments of type '{typeof(TArgs).Name}'.");
        }
    }

    public static ValueTask InvokeAsync<TState, TTrigger, TArgs>(
        ActionCallback<TState, TTrigger> callback, Transition<TState, TTrigger> transition, TArgs args)
    {
        switch (callback)
        {
            case AsyncCallback<TState, TTrigger> plain:
                return plain.Action(transition);
            case AsyncArgsCallback<TState, TTrigger, TArgs> typed:
                return typed.Action(args, transition);
            default:
                Invoke(callback, transition, args);
                return default;
        }
    }
}
