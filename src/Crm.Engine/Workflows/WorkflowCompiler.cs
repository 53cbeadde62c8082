using Crm.Engine.Conditions;
using Crm.Engine.StateMachine;
using NJsonSchema;

namespace Crm.Engine.Workflows;

/// <summary>
/// Turns a validated <see cref="WorkflowDefinition"/> into a <see cref="CompiledWorkflow"/>: one shared
/// <see cref="StateMachineDefinition{TState, TTrigger}"/> whose guards and actions read the current
/// <see cref="WorkflowStep"/>, so binding an instance per fire costs no more than the state accessor.
/// </summary>
internal static class WorkflowCompiler
{
    public static (CompiledWorkflow? Workflow, IReadOnlyList<ValidationError> Errors) Compile(WorkflowDefinition definition, IReadOnlyDictionary<string, IWorkflowAction> actions)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<ValidationError>();
        CheckActionReferences(definition, errors);
        var builder = new StateMachineBuilder<string, string>();
        var triggers = definition.Triggers.Keys.ToDictionary(t => t, t => builder.SetTriggerParameters<WorkflowStep>(t), StringComparer.Ordinal);
        foreach (var state in definition.States.Values)
        {
            ConfigureState(builder.Configure(state.Name), state);
        }

        var guards = new CompiledCondition?[definition.Transitions.Count];
        for (var i = 0; i < definition.Transitions.Count; i++)
        {
            var transition = definition.Transitions[i];
            var index = i;
            var configuration = builder.Configure(transition.From);
            TransitionGuard? guard = null;
            if (transition.Guard is { } condition)
            {
                guards[i] = ConditionEvaluator.Compile(condition, WorkflowDefinitionLoader.GuardCatalog(definition.Entity, definition.Triggers[transition.Trigger]));
                guard = TransitionGuard.Create<WorkflowStep>(step => step.EvaluateGuard(index), transition.GuardDescription ?? WorkflowGuardText.Describe(condition));
            }

            // A target equal to the source without "reentry" means "stay": the machine rejects Permit to the same state.
            var isInternal = transition.To is null || (transition.To == transition.From && !transition.IsReentry);
            if (isInternal)
            {
                if (guard is null)
                {
                    configuration.InternalTransitionAsync(transition.Trigger, _ => WorkflowStep.Current.RunTransitionActionsAsync(index), $"{transition.Path} (internal)");
                }
                else
                {
                    // The machine has no guarded internal transition; a guarded ignore takes the same path and the step runs the actions.
                    configuration.IgnoreIf(transition.Trigger, guard);
                }
            }
            else if (transition.IsReentry)
            {
                _ = guard is null ? configuration.PermitReentry(transition.Trigger) : configuration.PermitReentryIf(transition.Trigger, guard);
            }
            else
            {
                _ = guard is null ? configuration.Permit(transition.Trigger, transition.To!) : configuration.PermitIf(transition.Trigger, transition.To!, guard);
            }
        }

        builder.OnTransitionedAsync(t => WorkflowStep.Current.OnTransitionedAsync(t), "transition actions");
        StateMachineDefinition<string, string>? machine = null;
        try
        {
            machine = builder.Build();
        }
        catch (StateMachineDefinitionException e)
        {
            errors.AddRange(e.Errors.Select(message => new ValidationError("$", message) { Rule = "stateMachine", Source = definition.Source }));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new CompiledWorkflow
        {
            Definition = definition,
            Machine = machine!,
            Triggers = triggers,
            Guards = guards,
            PayloadTypes = definition.Triggers.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, FieldType>)PayloadTypes(t.Value.PayloadSchema), StringComparer.Ordinal),
            TriggersNeedingRelations = definition.Transitions.Where(t => t.Guard is not null && NeedsRelations(t.Guard)).Select(t => t.Trigger).ToHashSet(StringComparer.Ordinal),
            EventBindings = definition.Triggers.Values
                .SelectMany(t => t.Events.Select(e => (e.Event, t.Name, Where: e.Where is null ? null : ConditionEvaluator.Compile(e.Where, WorkflowDefinitionLoader.EventCatalog(e.Event)))))
                .GroupBy(b => b.Event, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<(string, CompiledCondition?)>)g.Select(b => (b.Name, b.Where)).ToList(), StringComparer.Ordinal),
        }, []);
    }

    private static void ConfigureState(StateConfiguration<string, string> configuration, WorkflowState state)
    {
        if (state.Parent is { } parent)
        {
            configuration.SubstateOf(parent);
        }

        if (state.Initial is { } initial)
        {
            configuration.InitialTransition(initial);
        }

        // Bookkeeping first, so timers are known even when a later action fails (the step is then discarded anyway).
        var name = state.Name;
        configuration.OnExit(_ => WorkflowStep.Current.Exited(name), $"timers({name})");
        foreach (var action in state.OnExit)
        {
            configuration.OnExitAsync(_ => WorkflowStep.Current.RunActionAsync(name, action), $"{action.Action} at {action.Path}");
        }

        configuration.OnEntry(_ => WorkflowStep.Current.Entered(name), $"timers({name})");
        foreach (var action in state.OnEntry)
        {
            configuration.OnEntryAsync(_ => WorkflowStep.Current.RunActionAsync(name, action), $"{action.Action} at {action.Path}");
        }
    }

    /// <summary>Checks what parameter schemas cannot: that <c>scheduleTrigger</c> names a declared trigger and calendar.</summary>
    private static void CheckActionReferences(WorkflowDefinition definition, List<ValidationError> errors)
    {
        var invocations = definition.States.Values.SelectMany(s => s.OnEntry.Concat(s.OnExit)).Concat(definition.Transitions.SelectMany(t => t.Actions));
        foreach (var invocation in invocations.Where(i => i.Action == Actions.ScheduleTriggerAction.ActionName))
        {
            var trigger = invocation.Parameters.GetProperty("trigger").GetString()!;
            if (!definition.Triggers.ContainsKey(trigger))
            {
                errors.Add(new ValidationError(invocation.Path + ".params.trigger", $"action 'scheduleTrigger': trigger '{trigger}' is not declared in 'triggers'.") { Rule = "unknownTrigger", Source = definition.Source });
            }

            if (invocation.Parameters.TryGetProperty("calendar", out var calendar) && !definition.Calendars.ContainsKey(calendar.GetString()!))
            {
                errors.Add(new ValidationError(invocation.Path + ".params.calendar", $"action 'scheduleTrigger': calendar '{calendar.GetString()}' is not declared in 'calendars'.") { Rule = "unknownCalendar", Source = definition.Source });
            }
        }
    }

    private static Dictionary<string, FieldType> PayloadTypes(JsonSchema? schema)
    {
        if (schema is null)
        {
            return new Dictionary<string, FieldType>(StringComparer.Ordinal);
        }

        var catalog = WorkflowEntityFields.WithPayload(new FieldCatalog("payload", []), schema);
        return catalog.Fields.ToDictionary(f => f.Name["payload.".Length..], f => f.Type, StringComparer.Ordinal);
    }

    private static bool NeedsRelations(Condition condition) => condition switch
    {
        AllCondition all => all.Conditions.Any(NeedsRelations),
        AnyCondition any => any.Conditions.Any(NeedsRelations),
        NotCondition not => NeedsRelations(not.Condition),
        RelationCondition => true,
        ComparisonCondition c => CrmFields.Customer.TryGetField(c.Field, out var field) && field.IsAggregate,
        _ => false,
    };
}
