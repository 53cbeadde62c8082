using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>
/// Reports a trigger fired in a state that does not handle it, or whose guard conditions are all unmet, when no handler was
/// registered with <c>OnUnhandledTrigger</c>.
/// </summary>
/// <remarks>Nothing has changed when this exception is thrown: no action ran and the state is as before.</remarks>
public sealed class InvalidTransitionException : InvalidOperationException
{
    internal InvalidTransitionException(object state, object trigger, IReadOnlyList<string> unmetGuards)
        : base(BuildMessage(state, trigger, unmetGuards))
    {
        State = state;
        Trigger = trigger;
        UnmetGuards = unmetGuards;
    }

    /// <summary>Gets the state the machine was in when the trigger was fired.</summary>
    public object State { get; }

    /// <summary>Gets the trigger that was not permitted.</summary>
    public object Trigger { get; }

    /// <summary>
    /// Gets the descriptions of the guard conditions that were not met, in configuration order;
    /// empty when the state has no transition at all for the trigger.
    /// </summary>
    public IReadOnlyList<string> UnmetGuards { get; }

    private static string BuildMessage(object state, object trigger, IReadOnlyList<string> unmetGuards)
    {
        string prefix = $"No transition is permitted from state {ValueText.Quote(state)} for trigger {ValueText.Quote(trigger)}";
        const string advice = " Consider Ignore(...) or OnUnhandledTrigger(...).";
        if (unmetGuards.Count == 0)
        {
            return prefix + "." + advice;
        }

        return prefix + ": guard conditions not met: " + ValueText.QuoteList(unmetGuards) + "." + advice;
    }
}
