namespace Crm.Engine.StateMachine.Tests;

public class HierarchyTests
{
    private readonly ActionLog _log = new();

    // Open { Lead, Active (initial Contacted) { Contacted, Qualified } }, Closed { Won, Lost }
    private StateMachineDefinition<Deal, Move> BuildPipeline()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        foreach (Deal state in new[] { Deal.Open, Deal.Lead, Deal.Active, Deal.Contacted, Deal.Qualified, Deal.Closed, Deal.Won, Deal.Lost })
        {
            builder.Configure(state).OnEntry(_log.Record($"enter {state}")).OnExit(_log.Record($"exit {state}"));
        }

        builder.Configure(Deal.Open).InitialTransition(Deal.Lead).Permit(Move.Lose, Deal.Lost);
        builder.Configure(Deal.Lead).SubstateOf(Deal.Open).Permit(Move.Contact, Deal.Contacted).Permit(Move.Assign, Deal.Active);
        builder.Configure(Deal.Active).SubstateOf(Deal.Open).InitialTransition(Deal.Contacted).PermitReentry(Move.Touch);
        builder.Configure(Deal.Contacted).SubstateOf(Deal.Active).Permit(Move.Qualify, Deal.Qualified);
        builder.Configure(Deal.Qualified).SubstateOf(Deal.Active).Permit(Move.Win, Deal.Won).Permit(Move.Ping, Deal.Active);
        builder.Configure(Deal.Closed).Permit(Move.Reopen, Deal.Open);
        builder.Configure(Deal.Won).SubstateOf(Deal.Closed);
        builder.Configure(Deal.Lost).SubstateOf(Deal.Closed);
        return builder.Build();
    }

    [Fact]
    public void Fire_LeafToLeafInOtherBranch_ExitsInnermostFirstAndEntersOutermostFirst()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Win);

        Assert.Equal(["exit Qualified", "exit Active", "exit Open", "enter Closed", "enter Won"], _log.Entries);
        Assert.Equal(Deal.Won, machine.State);
    }

    [Fact]
    public void Fire_BetweenSiblingsOfOneSuperstate_DoesNotExitOrEnterSuperstate()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Contacted);

        machine.Fire(Move.Qualify);

        Assert.Equal(["exit Contacted", "enter Qualified"], _log.Entries);
    }

    [Fact]
    public void Fire_IntoNestedSuperstateBranch_EntersOnlyStatesBelowCommonAncestor()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);

        Assert.Equal(["exit Lead", "enter Active", "enter Contacted"], _log.Entries);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_TriggerDeclaredOnSuperstate_IsInheritedBySubstates()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Lose);

        Assert.Equal(["exit Qualified", "exit Active", "exit Open", "enter Closed", "enter Lost"], _log.Entries);
        Assert.Equal(Deal.Lost, machine.State);
    }

    [Fact]
    public void Fire_TargetWithInitialTransition_FollowsItToTheSubstate()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Lead);

        machine.Fire(Move.Assign);

        Assert.Equal(["exit Lead", "enter Active", "enter Contacted"], _log.Entries);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_ChainedInitialTransitions_EnterEveryLevel()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Won);

        machine.Fire(Move.Reopen);

        Assert.Equal(["exit Won", "exit Closed", "enter Open", "enter Lead"], _log.Entries);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_FromSubstateToItsSuperstate_ExitsSubstateAndFollowsInitialTransition()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Ping);

        Assert.Equal(["exit Qualified", "enter Contacted"], _log.Entries);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_ReentryDeclaredOnSuperstate_ExitsUpToItAndReentersIt()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Touch);

        Assert.Equal(["exit Qualified", "exit Active", "enter Active", "enter Contacted"], _log.Entries);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void IsInState_Substate_IsTrueForItselfAndEverySuperstateOnly()
    {
        var machine = BuildPipeline().CreateInstance(Deal.Qualified);

        Assert.True(machine.IsInState(Deal.Qualified));
        Assert.True(machine.IsInState(Deal.Active));
        Assert.True(machine.IsInState(Deal.Open));
        Assert.False(machine.IsInState(Deal.Contacted));
        Assert.False(machine.IsInState(Deal.Closed));
        Assert.False(machine.IsInState(Deal.Proposal));
    }

    [Fact]
    public void Fire_SubstateOverridesSuperstateTrigger_InnermostWins()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Open).Permit(Move.Close, Deal.Lost);
        builder.Configure(Deal.Qualified).SubstateOf(Deal.Open).Permit(Move.Close, Deal.Won);
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Close);

        Assert.Equal(Deal.Won, machine.State);
    }

    [Fact]
    public void Fire_SubstateGuardUnmet_FallsBackToSuperstateTransition()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Open).Permit(Move.Close, Deal.Lost);
        builder.Configure(Deal.Qualified).SubstateOf(Deal.Open).PermitIf(Move.Close, Deal.Won, () => false, "Contract signed");
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        machine.Fire(Move.Close);

        Assert.Equal(Deal.Lost, machine.State);
    }
}
