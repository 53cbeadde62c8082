namespace Crm.Engine.StateMachine;

/// <summary>Describes a whole definition: its states, their hierarchy and transitions, and its triggers.</summary>
/// <typeparam name="TState">The type of the machine's states.</typeparam>
/// <typeparam name="TTrigger">The type of the machine's triggers.</typeparam>
public sealed class StateMachineInfo<TState, TTrigger>
{
    internal StateMachineInfo(IReadOnlyList<StateInfo<TState, TTrigger>> states, IReadOnlyList<TriggerInfo<TTrigger>> triggers)
    {
        States = states;
        Triggers = triggers;
        var topLevel = new List<StateInfo<TState, TTrigger>>();
        foreach (StateInfo<TState, TTrigger> state in states)
        {
            if (state.Superstate is null)
            {
                topLevel.Add(state);
            }
        }

        TopLevelStates = topLevel;
    }

    /// <summary>Gets every state of the definition: configured states first, in configuration order, then states only referenced.</summary>
    public IReadOnlyList<StateInfo<TState, TTrigger>> States { get; }

    /// <summary>Gets the states that have no superstate, in definition order.</summary>
    public IReadOnlyList<StateInfo<TState, TTrigger>> TopLevelStates { get; }

    /// <summary>Gets every trigger of the definition, in order of first use.</summary>
    public IReadOnlyList<TriggerInfo<TTrigger>> Triggers { get; }

    /// <summary>Returns every transition of every state, in definition order.</summary>
    /// <returns>The transitions declared by all states.</returns>
    public IReadOnlyList<TransitionInfo<TState, TTrigger>> GetAllTransitions()
    {
        var all = new List<TransitionInfo<TState, TTrigger>>();
        foreach (StateInfo<TState, TTrigger> state in States)
        {
            all.AddRange(state.Transitions);
        }

        return all;
    }
}
