namespace Crm.Engine.StateMachine.Internal;

/// <summary>Builds the edge labels shared by the Mermaid and DOT exports, so both diagrams say the same thing.</summary>
internal static class DiagramLabels
{
    public static string For<TState, TTrigger>(TransitionInfo<TState, TTrigger> transition)
    {
        string label = ValueText.Of(transition.Trigger.Trigger);
        if (transition.GuardDescriptions.Count > 0)
        {
            label += " [" + string.Join(", ", transition.GuardDescriptions) + "]";
        }

        return transition.Kind switch
        {
            TransitionKind.Internal => label + " (internal)",
            TransitionKind.Dynamic => label + " (dynamic)",
            _ => label,
        };
    }

    /// <summary>Lists the drawn edges of a transition as (destination, label); ignore rules draw nothing.</summary>
    public static IEnumerable<(StateInfo<TState, TTrigger> Destination, string Label)> Edges<TState, TTrigger>(
        TransitionInfo<TState, TTrigger> transition)
    {
        string label = For(transition);
        switch (transition.Kind)
        {
            case TransitionKind.Permit:
            case TransitionKind.Reentry:
                yield return (transition.Destination!, label);
                break;
            case TransitionKind.Internal:
                yield return (transition.Source, label);
                break;
            case TransitionKind.Dynamic:
                foreach (StateInfo<TState, TTrigger> destination in transition.PossibleDestinations)
                {
                    yield return (destination, label);
                }

                break;
            default:
                break;
        }
    }
}
