namespace Crm.Engine.StateMachine.Tests;

public class DefinitionValidationTests
{
    private static StateMachineDefinitionException BuildFails(Action<StateMachineBuilder<Deal, Move>> configure)
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        configure(builder);
        return Assert.Throws<StateMachineDefinitionException>(() => builder.Build());
    }

    [Fact]
    public void Build_TwoUnguardedTransitionsForOneTrigger_FailsNamingStateAndTrigger()
    {
        var error = BuildFails(b => b.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted).Permit(Move.Contact, Deal.Lost));

        Assert.Equal(
            "The state machine configuration is invalid: State 'Lead' has 2 unguarded transitions for trigger 'Contact' " +
            "(Permit, Permit); only one can apply. Remove one or add guards.",
            error.Message);
    }

    [Fact]
    public void Build_UnguardedNextToGuardedForOneTrigger_Fails()
    {
        var error = BuildFails(b => b.Configure(Deal.Lead)
            .Permit(Move.Contact, Deal.Contacted)
            .IgnoreIf(Move.Contact, () => true, "Spam"));

        Assert.Equal(
            ["State 'Lead' has an unguarded Permit for trigger 'Contact' next to other behaviours for the same trigger; " +
             "an unguarded behaviour must be the only one. Add guards to it."],
            error.Errors);
    }

    [Fact]
    public void Build_SubstateCycle_FailsListingTheCycle()
    {
        var error = BuildFails(b =>
        {
            b.Configure(Deal.Open).SubstateOf(Deal.Active);
            b.Configure(Deal.Active).SubstateOf(Deal.Open);
        });

        Assert.Equal(
            ["The superstate hierarchy has a cycle: 'Open' -> 'Active' -> 'Open' (each is declared a substate of the next)."],
            error.Errors);
    }

    [Fact]
    public void Build_StateIsItsOwnParent_Fails()
    {
        var error = BuildFails(b => b.Configure(Deal.Lead).SubstateOf(Deal.Lead));

        Assert.Equal(["State 'Lead' cannot be its own superstate (SubstateOf(Lead))."], error.Errors);
    }

    [Fact]
    public void Build_TwoDifferentSuperstates_Fails()
    {
        var error = BuildFails(b => b.Configure(Deal.Lead).SubstateOf(Deal.Open).SubstateOf(Deal.Active));

        Assert.Equal(["State 'Lead' is declared a substate of 'Open' and 'Active'; a state has at most one superstate."], error.Errors);
    }

    [Fact]
    public void Build_InitialTransitionToNonSubstate_Fails()
    {
        var error = BuildFails(b =>
        {
            b.Configure(Deal.Open).InitialTransition(Deal.Won);
            b.Configure(Deal.Lead).SubstateOf(Deal.Open);
        });

        Assert.Equal(["InitialTransition(Won) on state 'Open' is invalid: 'Won' is not a substate of 'Open'."], error.Errors);
    }

    [Fact]
    public void Build_PermitToItself_FailsSuggestingReentry()
    {
        var error = BuildFails(b => b.Configure(Deal.Lead).Permit(Move.Touch, Deal.Lead));

        Assert.Contains("use PermitReentry(...)", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TypedGuardForUnregisteredTrigger_Fails()
    {
        var error = BuildFails(b => b.Configure(Deal.Lead).PermitIf(Move.Contact, Deal.Contacted, TransitionGuard.Create<int>(n => n > 0, "Positive")));

        Assert.Equal(
            ["Guard 'Positive' (state 'Lead', trigger 'Contact') reads arguments of type 'Int32', but trigger 'Contact' was not " +
             "registered with SetTriggerParameters on this builder."],
            error.Errors);
    }

    [Fact]
    public void Build_TypedActionWithMismatchedArgumentType_Fails()
    {
        var foreign = new StateMachineBuilder<Deal, Move>().SetTriggerParameters<string>(Move.Assign);
        var error = BuildFails(b =>
        {
            b.SetTriggerParameters<int>(Move.Assign);
            b.Configure(Deal.Lead).Permit(Move.Assign, Deal.Contacted);
            b.Configure(Deal.Contacted).OnEntryFrom(foreign, (_, _) => { });
        });

        Assert.Equal(
            ["Entry action 'OnEntryFrom(Contacted, Assign)' reads arguments of type 'String', but trigger 'Assign' is registered with 'Int32'."],
            error.Errors);
    }

    [Fact]
    public void Build_SeveralProblems_ReportsAllOfThem()
    {
        var error = BuildFails(b =>
        {
            b.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted).Permit(Move.Contact, Deal.Lost);
            b.Configure(Deal.Open).InitialTransition(Deal.Won);
        });

        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith("The state machine configuration has 2 errors:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CalledTwice_ProducesIndependentDefinitions()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var first = builder.Build();
        builder.Configure(Deal.Contacted).Permit(Move.Qualify, Deal.Qualified);
        var second = builder.Build();

        Assert.Equal([Deal.Lead, Deal.Contacted], first.States);
        Assert.Equal([Deal.Lead, Deal.Contacted, Deal.Qualified], second.States);
    }
}
