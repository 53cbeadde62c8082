namespace Crm.Engine.StateMachine.Internal;

/// <summary>Builds the read-only introspection model of a compiled definition.</summary>
internal static class InfoFactory<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public static StateMachineInfo<TState, TTrigger> Create(MachineModel<TState, TTrigger> model)
    {
        var triggers = new TriggerInfo<TTrigger>[model.Triggers.Length];
        for (int t = 0; t < triggers.Length; t++)
        {
            triggers[t] = new TriggerInfo<TTrigger>(model.Triggers[t], model.TriggerArgumentTypes[t]);
        }

        var states = new StateInfo<TState, TTrigger>[model.States.Length];
        for (int s = 0; s < states.Length; s++)
        {
            states[s] = new StateInfo<TState, TTrigger>(model.States[s]);
        }

        var substates = new List<StateInfo<TState, TTrigger>>[states.Length];
        for (int s = 0; s < states.Length; s++)
        {
            substates[s] = [];
        }

        for (int s = 0; s < states.Length; s++)
        {
            int parent = model.Nodes[s].Parent;
            if (parent >= 0)
            {
                states[s].Superstate = states[parent];
                substates[parent].Add(states[s]);
            }
        }

        for (int s = 0; s < states.Length; s++)
        {
            StateInfo<TState, TTrigger> info = states[s];
            StateNode<TState, TTrigger> node = model.Nodes[s];
            info.Substates = substates[s];
            info.InitialTransitionTarget = node.DirectInitial >= 0 ? states[node.DirectInitial] : null;
            info.EntryActions = node.Entry.Select(static e => e.Callback.Description).ToArray();
            info.ExitActions = node.Exit.Select(static e => e.Description).ToArray();
            info.Transitions = node.Declared.Select(spec => CreateTransition(model, info, spec, states, triggers)).ToArray();
        }

        return new StateMachineInfo<TState, TTrigger>(states, triggers);
    }

    private static TransitionInfo<TState, TTrigger> CreateTransition(
        MachineModel<TState, TTrigger> model,
        StateInfo<TState, TTrigger> source,
        BehaviourSpec<TState, TTrigger> spec,
        StateInfo<TState, TTrigger>[] states,
        TriggerInfo<TTrigger>[] triggers)
    {
        StateInfo<TState, TTrigger>? destination = spec.Kind is TransitionKind.Permit or TransitionKind.Reentry
            ? states[model.StateMap.IndexOf(spec.Destination)]
            : null;
        StateInfo<TState, TTrigger>[] possible = spec.PossibleDestinations.Select(d => states[model.StateMap.IndexOf(d)]).ToArray();
        string[] guards = spec.Guards.Select(static g => g.Description).ToArray();
        return new TransitionInfo<TState, TTrigger>(
            source, triggers[model.TriggerMap.IndexOf(spec.Trigger)], spec.Kind, destination, possible, guards, spec.Description);
    }
}
