using Crm.Engine.Conditions;
using Crm.Engine.StateMachine;

namespace Crm.Engine.Workflows;

/// <summary>
/// Holds one definition version compiled once at engine start: the shared state machine, compiled guards and
/// event filters, and the lookups a step needs. Immutable and shared by every fire of every instance.
/// </summary>
internal sealed class CompiledWorkflow
{
    public required WorkflowDefinition Definition { get; init; }

    public required StateMachineDefinition<string, string> Machine { get; init; }

    /// <summary>Gets every declared trigger, registered with the step as its argument so guards see entity and payload.</summary>
    public required IReadOnlyDictionary<string, TriggerWithParameters<string, WorkflowStep>> Triggers { get; init; }

    /// <summary>Gets the compiled guard of each transition by index, or null for unguarded ones.</summary>
    public required CompiledCondition?[] Guards { get; init; }

    /// <summary>Gets the declared payload field types per trigger, for reading <c>payload.*</c> values.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, FieldType>> PayloadTypes { get; init; }

    /// <summary>Gets the triggers whose guards read related records or aggregates, so the entity is loaded with them.</summary>
    public required IReadOnlySet<string> TriggersNeedingRelations { get; init; }

    /// <summary>Gets the triggers bound to each domain event name, with their compiled filters.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<(string Trigger, CompiledCondition? Where)>> EventBindings { get; init; }

    /// <summary>Gets the entity kind as written in the definition.</summary>
    public string EntityKind => Definition.Entity switch
    {
        WorkflowEntity.Customer => "customer",
        WorkflowEntity.Lead => "lead",
        WorkflowEntity.Deal => "deal",
        _ => "case",
    };

    /// <summary>Lists a state and its ancestors, innermost first.</summary>
    public IEnumerable<string> Chain(string state)
    {
        for (var current = state; current is not null; current = Definition.States[current].Parent)
        {
            yield return current;
        }
    }

    /// <summary>Lists the states entered when an instance starts in <paramref name="target"/>: ancestors outermost first, the target, then its initial substates.</summary>
    public List<string> EntryPath(string target)
    {
        var path = Chain(target).Reverse().ToList();
        for (var current = Definition.States[target].Initial; current is not null; current = Definition.States[current].Initial)
        {
            path.Add(current);
        }

        return path;
    }

    /// <summary>Follows initial substates down from a state.</summary>
    public string Leaf(string state)
    {
        var current = state;
        while (Definition.States[current].Initial is { } initial)
        {
            current = initial;
        }

        return current;
    }

    public bool IsFinal(string state) => Definition.States.TryGetValue(state, out var s) && s.IsFinal;

    /// <summary>
    /// Finds the transition the state machine took, with its semantics: the innermost state that has a behaviour for
    /// the trigger whose guard held (or that is unguarded) wins.
    /// </summary>
    public (WorkflowTransition Transition, int Index)? Resolve(string source, string trigger, WorkflowStep step)
    {
        foreach (var level in Chain(source))
        {
            for (var i = 0; i < Definition.Transitions.Count; i++)
            {
                var transition = Definition.Transitions[i];
                if (transition.From == level && transition.Trigger == trigger && (transition.Guard is null || step.GuardPassed(i)))
                {
                    return (transition, i);
                }
            }
        }

        return null;
    }
}
