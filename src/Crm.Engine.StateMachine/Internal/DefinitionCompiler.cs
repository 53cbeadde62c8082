namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// Validates a configuration and compiles it into the index-based tables the firing path uses, so that no lookup beyond two
/// array reads is needed per fire.
/// </summary>
internal static class DefinitionCompiler<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public static MachineModel<TState, TTrigger> Compile(CompilerInput<TState, TTrigger> input)
    {
        var errors = new List<string>();
        var states = new Registry<TState>();
        var triggers = new Registry<TTrigger>();
        RegisterStatesAndTriggers(input, states, triggers);

        int count = states.Items.Count;
        var configurations = new StateConfiguration<TState, TTrigger>?[count];
        foreach (StateConfiguration<TState, TTrigger> configuration in input.Configurations)
        {
            configurations[states.IndexOf(configuration.State)] = configuration;
        }

        int[] parents = ResolveParents(configurations, states, errors);
        FindCycles(parents, states, errors);
        if (errors.Count > 0)
        {
            // Depths and paths are meaningless in a cyclic hierarchy; report structural errors on their own.
            throw new StateMachineDefinitionException(errors);
        }

        int[][] paths = BuildPaths(parents);
        (int[] directInitials, int[] initialTargets) = ResolveInitialTransitions(configurations, states, paths, errors);
        var behaviours = CompileBehaviours(input, configurations, states, triggers, errors);
        ValidateEntryArguments(input, configurations, errors);
        if (errors.Count > 0)
        {
            throw new StateMachineDefinitionException(errors);
        }

        var nodes = new StateNode<TState, TTrigger>[count];
        for (int i = 0; i < count; i++)
        {
            StateConfiguration<TState, TTrigger>? configuration = configurations[i];
            nodes[i] = new StateNode<TState, TTrigger>
            {
                Index = i,
                State = states.Items[i],
                Parent = parents[i],
                Depth = paths[i].Length - 1,
                Path = paths[i],
                InitialTarget = initialTargets[i],
                DirectInitial = directInitials[i],
                Declared = configuration is null ? [] : configuration.Behaviours.ToArray(),
                Entry = configuration is null ? [] : CompileEntryActions(configuration, triggers),
                Exit = configuration is null ? [] : configuration.ExitActions.ToArray(),
            };
        }

        int triggerCount = triggers.Items.Count;
        var table = new TriggerSlot<TState, TTrigger>?[count * triggerCount];
        for (int s = 0; s < count; s++)
        {
            for (int t = 0; t < triggerCount; t++)
            {
                table[(s * triggerCount) + t] = BuildSlot(s, t, parents, behaviours);
            }
        }

        var triggerTypes = new Type?[triggerCount];
        for (int t = 0; t < triggerCount; t++)
        {
            triggerTypes[t] = input.TriggerParameters.GetValueOrDefault(triggers.Items[t]);
        }

        bool hasAsync = input.UnhandledHandlerAsync is not null
            || Array.Exists(input.Transitioned, static c => c.IsAsync)
            || Array.Exists(input.Completed, static c => c.IsAsync)
            || Array.Exists(nodes, static n => n.HasAsyncEntry || n.HasAsyncExit)
            || behaviours.Values.Any(static list => list.Exists(b => b.HasAsyncGuards || b.Spec.Action?.IsAsync == true));

        return new MachineModel<TState, TTrigger>
        {
            States = states.Items.ToArray(),
            StateMap = new IndexMap<TState>(states.Items),
            Triggers = triggers.Items.ToArray(),
            TriggerMap = new IndexMap<TTrigger>(triggers.Items),
            TriggerArgumentTypes = triggerTypes,
            Nodes = nodes,
            Table = table,
            Transitioned = input.Transitioned,
            Completed = input.Completed,
            UnhandledHandler = input.UnhandledHandler,
            UnhandledHandlerAsync = input.UnhandledHandlerAsync,
            HasAsync = hasAsync,
        };
    }

    private static EntryAction<TState, TTrigger>[] CompileEntryActions(StateConfiguration<TState, TTrigger> configuration, Registry<TTrigger> triggers)
    {
        var entries = new EntryAction<TState, TTrigger>[configuration.EntryActions.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            (ActionCallback<TState, TTrigger> callback, bool filtered, TTrigger trigger) = configuration.EntryActions[i];
            entries[i] = new EntryAction<TState, TTrigger>(callback, filtered ? triggers.IndexOf(trigger) : -1);
        }

        return entries;
    }

    private static void RegisterStatesAndTriggers(CompilerInput<TState, TTrigger> input, Registry<TState> states, Registry<TTrigger> triggers)
    {
        foreach (StateConfiguration<TState, TTrigger> configuration in input.Configurations)
        {
            states.Add(configuration.State);
        }

        foreach (StateConfiguration<TState, TTrigger> configuration in input.Configurations)
        {
            configuration.Superstates.ForEach(states.Add);
            configuration.InitialTargets.ForEach(states.Add);
            foreach (BehaviourSpec<TState, TTrigger> spec in configuration.Behaviours)
            {
                triggers.Add(spec.Trigger);
                if (spec.Kind == TransitionKind.Permit)
                {
                    states.Add(spec.Destination);
                }

                Array.ForEach(spec.PossibleDestinations, states.Add);
            }

            foreach ((_, bool filtered, TTrigger trigger) in configuration.EntryActions)
            {
                if (filtered)
                {
                    triggers.Add(trigger);
                }
            }
        }

        Array.ForEach(input.ParameterOrder, triggers.Add);
    }

    private static int[] ResolveParents(StateConfiguration<TState, TTrigger>?[] configurations, Registry<TState> states, List<string> errors)
    {
        var parents = new int[configurations.Length];
        Array.Fill(parents, -1);
        var comparer = EqualityComparer<TState>.Default;
        for (int i = 0; i < configurations.Length; i++)
        {
            StateConfiguration<TState, TTrigger>? configuration = configurations[i];
            if (configuration is null || configuration.Superstates.Count == 0)
            {
                continue;
            }

            List<TState> distinct = configuration.Superstates.Count == 1
                ? configuration.Superstates
                : configuration.Superstates.Distinct(comparer).ToList();
            if (distinct.Count > 1)
            {
                errors.Add($"State {ValueText.Quote(configuration.State)} is declared a substate of " +
                    $"{string.Join(" and ", distinct.Select(s => ValueText.Quote(s)))}; a state has at most one superstate.");
                continue;
            }

            if (comparer.Equals(distinct[0], configuration.State))
            {
                errors.Add($"State {ValueText.Quote(configuration.State)} cannot be its own superstate (SubstateOf({ValueText.Of(distinct[0])})).");
                continue;
            }

            parents[i] = states.IndexOf(distinct[0]);
        }

        return parents;
    }

    private static void FindCycles(int[] parents, Registry<TState> states, List<string> errors)
    {
        // 0 = unvisited, 1 = on the current walk, 2 = known to reach a root.
        var marks = new byte[parents.Length];
        var walk = new List<int>();
        for (int start = 0; start < parents.Length; start++)
        {
            walk.Clear();
            int current = start;
            while (current >= 0 && marks[current] == 0)
            {
                marks[current] = 1;
                walk.Add(current);
                current = parents[current];
            }

            if (current >= 0 && marks[current] == 1)
            {
                int cycleStart = walk.IndexOf(current);
                IEnumerable<string> names = walk.Skip(cycleStart).Append(current).Select(i => ValueText.Quote(states.Items[i]));
                errors.Add($"The superstate hierarchy has a cycle: {string.Join(" -> ", names)} (each is declared a substate of the next).");
            }

            foreach (int visited in walk)
            {
                marks[visited] = 2;
            }
        }
    }

    private static int[][] BuildPaths(int[] parents)
    {
        var paths = new int[parents.Length][];
        for (int i = 0; i < parents.Length; i++)
        {
            var chain = new List<int>();
            for (int current = i; current >= 0; current = parents[current])
            {
                chain.Add(current);
            }

            chain.Reverse();
            paths[i] = chain.ToArray();
        }

        return paths;
    }

    private static (int[] Direct, int[] Resolved) ResolveInitialTransitions(
        StateConfiguration<TState, TTrigger>?[] configurations, Registry<TState> states, int[][] paths, List<string> errors)
    {
        var direct = new int[configurations.Length];
        Array.Fill(direct, -1);
        var comparer = EqualityComparer<TState>.Default;
        for (int i = 0; i < configurations.Length; i++)
        {
            StateConfiguration<TState, TTrigger>? configuration = configurations[i];
            if (configuration is null || configuration.InitialTargets.Count == 0)
            {
                continue;
            }

            List<TState> distinct = configuration.InitialTargets.Count == 1
                ? configuration.InitialTargets
                : configuration.InitialTargets.Distinct(comparer).ToList();
            string name = ValueText.Quote(configuration.State);
            if (distinct.Count > 1)
            {
                errors.Add($"State {name} has several initial transitions ({string.Join(", ", distinct.Select(s => ValueText.Quote(s)))}); declare one.");
                continue;
            }

            int target = states.IndexOf(distinct[0]);
            int[] targetPath = paths[target];
            bool isDescendant = targetPath.Length > paths[i].Length && targetPath[paths[i].Length - 1] == i;
            if (!isDescendant)
            {
                errors.Add($"InitialTransition({ValueText.Of(distinct[0])}) on state {name} is invalid: " +
                    $"{ValueText.Quote(distinct[0])} is not a substate of {name}.");
                continue;
            }

            direct[i] = target;
        }

        // Follow chains (a target may itself have an initial transition); each step goes strictly deeper, so this terminates.
        var resolved = new int[configurations.Length];
        for (int i = 0; i < resolved.Length; i++)
        {
            int current = i;
            while (direct[current] >= 0)
            {
                current = direct[current];
            }

            resolved[i] = current;
        }

        return (direct, resolved);
    }

    private static Dictionary<(int State, int Trigger), List<Behaviour<TState, TTrigger>>> CompileBehaviours(
        CompilerInput<TState, TTrigger> input,
        StateConfiguration<TState, TTrigger>?[] configurations,
        Registry<TState> states,
        Registry<TTrigger> triggers,
        List<string> errors)
    {
        var result = new Dictionary<(int, int), List<Behaviour<TState, TTrigger>>>();
        var comparer = EqualityComparer<TState>.Default;
        for (int s = 0; s < configurations.Length; s++)
        {
            StateConfiguration<TState, TTrigger>? configuration = configurations[s];
            if (configuration is null)
            {
                continue;
            }

            foreach (BehaviourSpec<TState, TTrigger> spec in configuration.Behaviours)
            {
                if (spec.Kind == TransitionKind.Permit && comparer.Equals(spec.Destination, spec.DeclaringState))
                {
                    errors.Add($"Permit({ValueText.Of(spec.Trigger)}, {ValueText.Of(spec.Destination)}) on state {ValueText.Quote(spec.DeclaringState)} " +
                        "targets the state itself; use PermitReentry(...) to exit and re-enter it, or InternalTransition(...) or Ignore(...) to stay.");
                }

                ValidateArgumentTypes(input, spec, errors);
                int t = triggers.IndexOf(spec.Trigger);
                int destination = spec.Kind is TransitionKind.Permit or TransitionKind.Reentry ? states.IndexOf(spec.Destination) : -1;
                if (!result.TryGetValue((s, t), out List<Behaviour<TState, TTrigger>>? list))
                {
                    list = [];
                    result.Add((s, t), list);
                }

                list.Add(new Behaviour<TState, TTrigger>(spec, s, destination));
            }
        }

        foreach (((int s, int t), List<Behaviour<TState, TTrigger>> list) in result)
        {
            int unguarded = list.Count(static b => b.Guards.Length == 0);
            if (unguarded == 0 || list.Count == 1)
            {
                continue;
            }

            string where = $"State {ValueText.Quote(states.Items[s])} has";
            string trigger = ValueText.Quote(triggers.Items[t]);
            if (unguarded > 1)
            {
                errors.Add($"{where} {unguarded} unguarded transitions for trigger {trigger} " +
                    $"({string.Join(", ", list.Where(static b => b.Guards.Length == 0).Select(static b => b.Kind))}); " +
                    "only one can apply. Remove one or add guards.");
            }
            else
            {
                errors.Add($"{where} an unguarded {list.First(static b => b.Guards.Length == 0).Kind} for trigger {trigger} " +
                    "next to other behaviours for the same trigger; an unguarded behaviour must be the only one. Add guards to it.");
            }
        }

        return result;
    }

    private static void ValidateArgumentTypes(CompilerInput<TState, TTrigger> input, BehaviourSpec<TState, TTrigger> spec, List<string> errors)
    {
        Type? registered = input.TriggerParameters.GetValueOrDefault(spec.Trigger);
        CheckArgumentType(spec.ArgumentType, registered, spec, what: null, errors);
        CheckArgumentType(spec.Selector?.ArgumentType, registered, spec, "The destination selector", errors);
        CheckArgumentType(spec.Action?.ArgumentType, registered, spec, "The internal action", errors);
        foreach (TransitionGuard guard in spec.Guards)
        {
            CheckArgumentType(guard.ArgumentType, registered, spec, $"Guard {ValueText.Quote(guard.Description)}", errors);
        }
    }

    // Messages are formatted only when there is an error: formatting states and triggers is what makes Build() slow otherwise.
    private static void CheckArgumentType(
        Type? used, Type? registered, BehaviourSpec<TState, TTrigger> spec, string? what, List<string> errors)
    {
        if (used is not null && used != registered)
        {
            string where = $"state {ValueText.Quote(spec.DeclaringState)}, trigger {ValueText.Quote(spec.Trigger)}";
            CheckArgumentType(used, registered, $"{what ?? spec.Kind.ToString()} ({where})", spec.Trigger, errors);
        }
    }

    private static void ValidateEntryArguments(
        CompilerInput<TState, TTrigger> input, StateConfiguration<TState, TTrigger>?[] configurations, List<string> errors)
    {
        foreach (StateConfiguration<TState, TTrigger>? configuration in configurations)
        {
            if (configuration is null)
            {
                continue;
            }

            foreach ((ActionCallback<TState, TTrigger> callback, bool filtered, TTrigger trigger) in configuration.EntryActions)
            {
                if (filtered)
                {
                    Type? registered = input.TriggerParameters.GetValueOrDefault(trigger);
                    CheckArgumentType(callback.ArgumentType, registered, $"Entry action {ValueText.Quote(callback.Description)}", trigger, errors);
                }
            }
        }
    }

    private static void CheckArgumentType(Type? used, Type? registered, string what, TTrigger trigger, List<string> errors)
    {
        if (used is null || used == registered)
        {
            return;
        }

        errors.Add(registered is null
            ? $"{what} reads arguments of type '{used.Name}', but trigger {ValueText.Quote(trigger)} was not registered with SetTriggerParameters on this builder."
            : $"{what} reads arguments of type '{used.Name}', but trigger {ValueText.Quote(trigger)} is registered with '{registered.Name}'.");
    }

    private static TriggerSlot<TState, TTrigger>? BuildSlot(
        int state, int trigger, int[] parents, Dictionary<(int, int), List<Behaviour<TState, TTrigger>>> behaviours)
    {
        List<Behaviour<TState, TTrigger>[]>? levels = null;
        for (int current = state; current >= 0; current = parents[current])
        {
            if (behaviours.TryGetValue((current, trigger), out List<Behaviour<TState, TTrigger>>? list))
            {
                (levels ??= []).Add(list.ToArray());
            }
        }

        return levels is null ? null : new TriggerSlot<TState, TTrigger>(levels.ToArray());
    }

    /// <summary>Keeps values in order of first registration with their index.</summary>
    private sealed class Registry<T>
        where T : notnull
    {
        private readonly Dictionary<T, int> _indexes = new(EqualityComparer<T>.Default);

        public List<T> Items { get; } = [];

        public void Add(T value)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_indexes.TryAdd(value, Items.Count))
            {
                Items.Add(value);
            }
        }

        public int IndexOf(T value) => _indexes[value];
    }
}
