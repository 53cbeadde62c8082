namespace Crm.Engine.StateMachine.Tests;

public class BasicTransitionTests
{
    [Fact]
    public void Fire_PermittedTrigger_MovesToDestination()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);

        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_UnpermittedTrigger_ThrowsWithQuotedStateTriggerAndAdvice()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Move.Close));

        Assert.Equal(
            "No transition is permitted from state 'Lead' for trigger 'Close'. Consider Ignore(...) or OnUnhandledTrigger(...).",
            error.Message);
        Assert.Equal(Deal.Lead, error.State);
        Assert.Equal(Move.Close, error.Trigger);
        Assert.Empty(error.UnmetGuards);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_UnhandledTriggerWithHandler_CallsHandlerInsteadOfThrowing()
    {
        var calls = new List<(Deal, Move, int)>();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.OnUnhandledTrigger((state, trigger, unmet) => calls.Add((state, trigger, unmet.Count)));
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Win);

        Assert.Equal([(Deal.Lead, Move.Win, 0)], calls);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_ExitTransitionedEntryCompleted_RunInThatOrder()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted).OnExit(t => log.Add($"exit {t.Source}"));
        builder.Configure(Deal.Contacted).OnEntry(t => log.Add($"entry {t.Destination} from {t.Source} via {t.Trigger}"));
        builder.OnTransitioned(t => log.Add($"transitioned {t.Source}->{t.Destination}"));
        builder.OnTransitionCompleted(t => log.Add("completed"));
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);

        Assert.Equal(
            ["exit Lead", "transitioned Lead->Contacted", "entry Contacted from Lead via Contact", "completed"],
            log.Entries);
    }

    [Fact]
    public void Fire_PermitReentry_RunsExitThenEntryAndStays()
    {
        var log = new ActionLog();
        Transition<Deal, Move>? seen = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead)
            .PermitReentry(Move.Touch)
            .OnExit(log.Record("exit Lead"))
            .OnEntry(t =>
            {
                seen = t;
                log.Add("entry Lead");
            });
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Touch);

        Assert.Equal(["exit Lead", "entry Lead"], log.Entries);
        Assert.Equal(Deal.Lead, machine.State);
        Assert.True(seen!.Value.IsReentry);
    }

    [Fact]
    public void Fire_InternalTransition_RunsActionWithoutExitOrEntry()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead)
            .InternalTransition(Move.Touch, t => log.Add($"internal {t.Source}->{t.Destination} internal={t.IsInternal}"))
            .OnExit(log.Record("exit"))
            .OnEntry(log.Record("entry"));
        builder.OnTransitioned(_ => log.Add("transitioned"));
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Touch);

        Assert.Equal(["internal Lead->Lead internal=True"], log.Entries);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_IgnoredTrigger_DoesNothing()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Ignore(Move.Touch).OnExit(log.Record("exit"));
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Touch);

        Assert.Empty(log.Entries);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_IgnoreIfGuardHolds_IgnoresElseOtherBranchApplies()
    {
        bool spam = true;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead)
            .IgnoreIf(Move.Contact, () => spam, "Lead is spam")
            .PermitIf(Move.Contact, Deal.Contacted, () => !spam, "Lead is genuine");
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);
        Assert.Equal(Deal.Lead, machine.State);

        spam = false;
        machine.Fire(Move.Contact);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_PermitDynamic_GoesToSelectedDestination()
    {
        bool big = false;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Qualified)
            .PermitDynamic(Move.Route, () => big ? Deal.Negotiation : Deal.Proposal, "Deal size", Deal.Proposal, Deal.Negotiation);
        var definition = builder.Build();

        var small = definition.CreateInstance(Deal.Qualified);
        small.Fire(Move.Route);
        big = true;
        var large = definition.CreateInstance(Deal.Qualified);
        large.Fire(Move.Route);

        Assert.Equal(Deal.Proposal, small.State);
        Assert.Equal(Deal.Negotiation, large.State);
    }

    [Fact]
    public void Fire_PermitDynamicReturningUnknownState_ThrowsAndKeepsState()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Qualified).PermitDynamic(Move.Route, () => Deal.Closed, "Broken router", Deal.Proposal);
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(Move.Route));

        Assert.Contains("'Broken router' returned 'Closed'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Deal.Qualified, machine.State);
    }

    [Fact]
    public void Fire_PermitDynamicReturningCurrentState_ReentersIt()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Qualified)
            .PermitDynamic(Move.Route, () => Deal.Qualified)
            .OnExit(log.Record("exit"))
            .OnEntry(log.Record("entry"));
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Route);

        Assert.Equal(["exit", "entry"], log.Entries);
    }

    [Fact]
    public void CreateInstance_StateNotInDefinition_Throws()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var definition = builder.Build();

        var error = Assert.Throws<ArgumentException>(() => definition.CreateInstance(Deal.Closed));

        Assert.Contains("'Closed' is not part of this state machine definition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateInstance_SharedDefinition_InstancesAreIndependent()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var definition = builder.Build();
        var first = definition.CreateInstance(Deal.Lead);
        var second = definition.CreateInstance(Deal.Lead);

        first.Fire(Move.Contact);

        Assert.Equal(Deal.Contacted, first.State);
        Assert.Equal(Deal.Lead, second.State);
        Assert.Same(definition, second.Definition);
    }

    [Fact]
    public void Fire_StringStatesAndTriggers_UseDictionaryLookup()
    {
        var builder = new StateMachineBuilder<string, string>();
        builder.Configure("new").Permit("start", "in progress");
        builder.Configure("in progress").Permit("finish", "done");
        var machine = builder.Build().CreateInstance("new");

        machine.Fire("start");
        machine.Fire("finish");

        Assert.Equal("done", machine.State);
        Assert.Throws<InvalidTransitionException>(() => machine.Fire("unknown"));
    }
}
