namespace Crm.Engine.Conditions;

/// <summary>
/// Evaluates a bound condition in memory. Thread-safe and reusable; compile once, evaluate many times.
/// </summary>
public sealed class CompiledCondition
{
    private readonly Func<IConditionTarget, DateTimeOffset, bool> _predicate;

    internal CompiledCondition(Condition condition, Func<IConditionTarget, DateTimeOffset, bool> predicate)
    {
        Condition = condition;
        _predicate = predicate;
    }

    /// <summary>Gets the bound condition this was compiled from.</summary>
    public Condition Condition { get; }

    /// <summary>Tells whether a record matches.</summary>
    /// <param name="target">The record.</param>
    /// <param name="now">The instant relative dates are measured from.</param>
    /// <returns>Whether the condition holds.</returns>
    public bool Matches(IConditionTarget target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _predicate(target, now);
    }
}
