using System.Globalization;
using Crm.Engine.Conditions;

namespace Crm.Engine.Workflows;

/// <summary>
/// Checks the shape of a workflow once every reference resolves: the state hierarchy, reachability, overlapping
/// transitions and what final states may have.
/// </summary>
internal static class WorkflowStructureChecks
{
    public static void Check(WorkflowDefinition definition, WorkflowDefinitionLoader.LoadContext context)
    {
        if (!CheckHierarchy(definition, context))
        {
            return;
        }

        CheckFinalStates(definition, context);
        CheckOverlaps(definition, context);
        CheckReachability(definition, context);
    }

    private static bool CheckHierarchy(WorkflowDefinition definition, WorkflowDefinitionLoader.LoadContext context)
    {
        var ok = true;
        foreach (var state in definition.States.Values)
        {
            if (state.Parent is { } parent)
            {
                if (!definition.States.ContainsKey(parent))
                {
                    context.Error(state.Path + ".parent", $"parent state '{parent}' is not declared.{WorkflowDefinitionLoader.Suggest(parent, definition.States.Keys)}", "unknownState");
                    ok = false;
                    continue;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal) { state.Name };
                for (var current = parent; current is not null; current = definition.States[current].Parent)
                {
                    if (!seen.Add(current))
                    {
                        context.Error(state.Path + ".parent", $"state '{state.Name}' is its own ancestor through '{parent}'; the parent chain must not loop.", "cycle");
                        ok = false;
                        break;
                    }

                    if (!definition.States.ContainsKey(current))
                    {
                        break;
                    }
                }
            }

            if (state.Initial is { } initial && (!definition.States.TryGetValue(initial, out var child) || child.Parent != state.Name))
            {
                context.Error(state.Path + ".initial", $"initial substate '{initial}' must be a state whose parent is '{state.Name}'.", "initialSubstate");
                ok = false;
            }
        }

        return ok;
    }

    private static void CheckFinalStates(WorkflowDefinition definition, WorkflowDefinitionLoader.LoadContext context)
    {
        foreach (var state in definition.States.Values.Where(s => s.IsFinal))
        {
            if (state.Timeouts.Count > 0)
            {
                context.Error(state.Path + ".timeouts", $"final state '{state.Name}' cannot have timers: nothing happens after a final state.", "finalTimer");
            }

            foreach (var transition in definition.Transitions.Where(t => t.From == state.Name))
            {
                context.Error(transition.Path + ".from", $"final state '{state.Name}' cannot have outgoing transitions.", "finalTransition");
            }
        }
    }

    private static void CheckOverlaps(WorkflowDefinition definition, WorkflowDefinitionLoader.LoadContext context)
    {
        foreach (var group in definition.Transitions.GroupBy(t => (t.From, t.Trigger)).Where(g => g.Count() > 1))
        {
            var list = group.ToList();
            var unguarded = list.Where(t => t.Guard is null).ToList();
            if (unguarded.Count > 0)
            {
                var other = list.First(t => t != unguarded[0]);
                context.Error(unguarded[0].Path, $"transitions from '{group.Key.From}' on '{group.Key.Trigger}' overlap: {unguarded[0].Path} has no guard, so {other.Path} can never be chosen reliably. Give each a distinct guard.", "overlap");
                continue;
            }

            var seen = new Dictionary<string, WorkflowTransition>(StringComparer.Ordinal);
            foreach (var transition in list)
            {
                var key = Canonical(transition.Guard!);
                if (seen.TryGetValue(key, out var first))
                {
                    context.Error(transition.Path + ".guard", $"transitions from '{group.Key.From}' on '{group.Key.Trigger}' have the same guard as {first.Path}; give each a distinct guard.", "overlap");
                }
                else
                {
                    seen[key] = transition;
                }
            }
        }
    }

    private static void CheckReachability(WorkflowDefinition definition, WorkflowDefinitionLoader.LoadContext context)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        Enter(definition, definition.InitialState, reachable, pending);
        while (pending.Count > 0)
        {
            var state = pending.Dequeue();

            // In a substate, the transitions of every ancestor apply too.
            for (var current = state; current is not null; current = definition.States[current].Parent)
            {
                foreach (var transition in definition.Transitions.Where(t => t.From == current && t.To is not null))
                {
                    Enter(definition, transition.To!, reachable, pending);
                }
            }
        }

        foreach (var state in definition.States.Values.Where(s => !reachable.Contains(s.Name)))
        {
            context.Error(state.Path, $"state '{state.Name}' is unreachable from the initial state '{definition.InitialState}'.", "unreachable");
        }
    }

    private static void Enter(WorkflowDefinition definition, string target, HashSet<string> reachable, Queue<string> pending)
    {
        // Entering a state means being in all its ancestors, and in its initial substates down the chain.
        for (var current = target; current is not null; current = definition.States[current].Parent)
        {
            if (reachable.Add(current))
            {
                pending.Enqueue(current);
            }
        }

        for (var current = definition.States[target].Initial; current is not null; current = definition.States[current].Initial)
        {
            if (reachable.Add(current))
            {
                pending.Enqueue(current);
            }
        }
    }

    /// <summary>Writes a condition without its source paths, so two guards written alike compare equal.</summary>
    private static string Canonical(Condition condition) => condition switch
    {
        AllCondition all => $"all({string.Join(",", all.Conditions.Select(Canonical))})",
        AnyCondition any => $"any({string.Join(",", any.Conditions.Select(Canonical))})",
        NotCondition not => $"not({Canonical(not.Condition)})",
        RelationCondition r => $"rel({r.Relation},{r.CountOperator},{r.Count},{(r.Where is null ? "" : Canonical(r.Where))})",
        ComparisonCondition c => $"cmp({c.Field},{c.Operator},{Canonical(c.Value)})",
        _ => condition.GetType().Name,
    };

    private static string Canonical(ConditionValue? value) => value switch
    {
        null => "",
        ListValue list => $"[{string.Join(",", list.Items.Select(Canonical))}]",
        NumberValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
