using Crm.Engine.StateMachine.Internal;

namespace Crm.Engine.StateMachine;

/// <summary>Reports an inconsistent configuration found by <see cref="StateMachineBuilder{TState, TTrigger}.Build"/>.</summary>
/// <remarks>All problems found are reported at once, one per entry of <see cref="Errors"/>.</remarks>
public sealed class StateMachineDefinitionException : InvalidOperationException
{
    internal StateMachineDefinitionException(IReadOnlyList<string> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets one message per configuration problem, in the order they were found.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string BuildMessage(IReadOnlyList<string> errors)
    {
        string heading = errors.Count == 1
            ? "The state machine configuration is invalid: "
            : $"The state machine configuration has {errors.Count} errors:" + Environment.NewLine + "- ";
        return heading + string.Join(Environment.NewLine + "- ", errors);
    }
}
