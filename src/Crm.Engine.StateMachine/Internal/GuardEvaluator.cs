namespace Crm.Engine.StateMachine.Internal;

/// <summary>Evaluates guards with the typed trigger argument of the current firing.</summary>
internal static class GuardEvaluator
{
    /// <summary>Evaluates a synchronous guard; callers have checked <see cref="TransitionGuard.IsAsync"/> first.</summary>
    public static bool Evaluate<TArgs>(TransitionGuard guard, in TArgs args)
    {
        if (guard is SyncGuard plain)
        {
            return plain.Condition();
        }

        if (guard is SyncArgsGuard<TArgs> typed)
        {
            return typed.Condition(args);
        }

        // A typed guard evaluated without arguments (CanFire, PermittedTriggers): it cannot be decided, so it does not block.
        return true;
    }

    public static ValueTask<bool> EvaluateAsync<TArgs>(TransitionGuard guard, TArgs args)
    {
        return guard switch
        {
            AsyncGuard plain => plain.Condition(),
            AsyncArgsGuard<TArgs> typed => typed.Condition(args),
            _ when !guard.IsAsync => new ValueTask<bool>(Evaluate(guard, args)),
            _ => new ValueTask<bool>(true),
        };
    }
}
