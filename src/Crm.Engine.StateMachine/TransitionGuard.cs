using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Represents a described condition that must hold for a transition to be taken. Combine several with
/// <c>PermitIf(trigger, destination, guard1, guard2, ...)</c>; all of them must be met.
/// </summary>
/// <remarks>
/// Guards should be free of side effects: <c>CanFire</c> and <c>PermittedTriggers</c> evaluate them too, and every guard of a
/// candidate transition is evaluated so that all unmet descriptions can be reported. Exceptions thrown by a guard
/// propagate unchanged, before any action has run.
/// </remarks>
public abstract class TransitionGuard
{
    private protected TransitionGuard(string description, bool isAsync, Type? argumentType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Description = description;
        IsAsync = isAsync;
        ArgumentType = argumentType;
    }

    /// <summary>Gets the human-readable description reported when the guard is not met.</summary>
    public string Description { get; }

    /// <summary>Gets a value indicating whether the guard must be evaluated with <c>FireAsync</c> or <c>CanFireAsync</c>.</summary>
    public bool IsAsync { get; }

    /// <summary>Gets the trigger argument type the guard reads, or <see langword="null"/> when it takes no arguments.</summary>
    public Type? ArgumentType { get; }

    /// <summary>Creates a synchronous guard.</summary>
    /// <param name="condition">Returns <see langword="true"/> when the transition may be taken.</param>
    /// <param name="description">Describes the condition, for example <c>"Budget approved"</c>.</param>
    /// <returns>A guard to pass to <c>PermitIf</c>, <c>IgnoreIf</c> or <c>PermitReentryIf</c>.</returns>
    public static TransitionGuard Create(Func<bool> condition, string description)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new SyncGuard(condition, description);
    }

    /// <summary>Creates an asynchronous guard; machines using it must be fired with <c>FireAsync</c>.</summary>
    /// <param name="condition">Completes with <see langword="true"/> when the transition may be taken.</param>
    /// <param name="description">Describes the condition.</param>
    /// <returns>A guard to pass to <c>PermitIf</c>, <c>IgnoreIf</c> or <c>PermitReentryIf</c>.</returns>
    public static TransitionGuard CreateAsync(Func<ValueTask<bool>> condition, string description)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new AsyncGuard(condition, description);
    }

    /// <summary>Creates a synchronous guard that reads the trigger's argument.</summary>
    /// <typeparam name="TArgs">The trigger's argument type, as given to <c>SetTriggerParameters</c>.</typeparam>
    /// <param name="condition">Returns <see langword="true"/> when the transition may be taken for these arguments.</param>
    /// <param name="description">Describes the condition.</param>
    /// <returns>A guard to pass to <c>PermitIf</c> for a trigger with parameters of type <typeparamref name="TArgs"/>.</returns>
    /// <remarks>
    /// <c>CanFire</c> and <c>PermittedTriggers</c> called without arguments cannot evaluate such a guard and treat it as met.
    /// </remarks>
    public static TransitionGuard Create<TArgs>(Func<TArgs, bool> condition, string description)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new SyncArgsGuard<TArgs>(condition, description);
    }

    /// <summary>Creates an asynchronous guard that reads the trigger's argument.</summary>
    /// <typeparam name="TArgs">The trigger's argument type, as given to <c>SetTriggerParameters</c>.</typeparam>
    /// <param name="condition">Completes with <see langword="true"/> when the transition may be taken for these arguments.</param>
    /// <param name="description">Describes the condition.</param>
    /// <returns>A guard to pass to <c>PermitIf</c> for a trigger with parameters of type <typeparamref name="TArgs"/>.</returns>
    public static TransitionGuard CreateAsync<TArgs>(Func<TArgs, ValueTask<bool>> condition, string description)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new AsyncArgsGuard<TArgs>(condition, description);
    }

    /// <summary>Returns the guard's description.</summary>
    /// <returns>The description given when the guard was created.</returns>
    public override string ToString() => Description;
}
