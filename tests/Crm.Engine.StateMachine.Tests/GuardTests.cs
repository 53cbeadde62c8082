namespace Crm.Engine.StateMachine.Tests;

public class GuardTests
{
    [Fact]
    public void Fire_GuardUnmet_ThrowsNamingTheUnmetGuard()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIf(Move.Win, Deal.Won, () => false, "Contract signed");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Move.Win));

        Assert.Equal(
            "No transition is permitted from state 'Negotiation' for trigger 'Win': guard conditions not met: 'Contract signed'. " +
            "Consider Ignore(...) or OnUnhandledTrigger(...).",
            error.Message);
        Assert.Equal(["Contract signed"], error.UnmetGuards);
        Assert.Equal(Deal.Negotiation, machine.State);
    }

    [Fact]
    public void Fire_GuardMet_TakesTransition()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIf(Move.Win, Deal.Won, () => true, "Contract signed");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        machine.Fire(Move.Win);

        Assert.Equal(Deal.Won, machine.State);
    }

    [Fact]
    public void CanFire_MultipleGuards_ReportsOnlyUnmetDescriptionsInOrder()
    {
        bool signed = false;
        bool approved = true;
        bool paid = false;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIf(
            Move.Win,
            Deal.Won,
            TransitionGuard.Create(() => signed, "Contract signed"),
            TransitionGuard.Create(() => approved, "Budget approved"),
            TransitionGuard.Create(() => paid, "Deposit paid"));
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        bool canFire = machine.CanFire(Move.Win, out IReadOnlyList<string> unmet);

        Assert.False(canFire);
        Assert.Equal(["Contract signed", "Deposit paid"], unmet);

        signed = true;
        paid = true;
        Assert.True(machine.CanFire(Move.Win, out unmet));
        Assert.Empty(unmet);
    }

    [Fact]
    public void CanFire_NoTransitionForTrigger_IsFalseWithNoUnmetGuards()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted).Permit(Move.Lose, Deal.Lost);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        Assert.False(machine.CanFire(Move.Lose, out IReadOnlyList<string> unmet));
        Assert.Empty(unmet);
        Assert.True(machine.CanFire(Move.Contact));
    }

    [Fact]
    public void Fire_GuardsOfSeveralCandidates_ChoosesTheOneThatHolds()
    {
        int amount = 5_000;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Qualified)
            .PermitIf(Move.Propose, Deal.Proposal, () => amount < 10_000, "Small deal")
            .PermitIf(Move.Propose, Deal.Negotiation, () => amount >= 10_000, "Large deal");
        var definition = builder.Build();

        var small = definition.CreateInstance(Deal.Qualified);
        small.Fire(Move.Propose);
        amount = 50_000;
        var large = definition.CreateInstance(Deal.Qualified);
        large.Fire(Move.Propose);

        Assert.Equal(Deal.Proposal, small.State);
        Assert.Equal(Deal.Negotiation, large.State);
    }

    [Fact]
    public void Fire_OverlappingGuardsBothHold_ThrowsAmbiguity()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Qualified)
            .PermitIf(Move.Propose, Deal.Proposal, () => true, "Always")
            .PermitIf(Move.Propose, Deal.Negotiation, () => true, "Also always");
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(Move.Propose));

        Assert.Contains("mutually exclusive", error.Message, StringComparison.Ordinal);
        Assert.Equal(Deal.Qualified, machine.State);
    }

    [Fact]
    public async Task FireAsync_AsyncGuard_IsAwaited()
    {
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIfAsync(Move.Win, Deal.Won, async () => await gate.Task, "Credit check passed");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        ValueTask firing = machine.FireAsync(Move.Win);
        Assert.False(firing.IsCompleted);
        gate.SetResult(true);
        await firing;

        Assert.Equal(Deal.Won, machine.State);
    }

    [Fact]
    public async Task FireAsync_AsyncGuardUnmet_ThrowsWithDescription()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIf(
            Move.Win,
            Deal.Won,
            TransitionGuard.CreateAsync(() => ValueTask.FromResult(false), "Credit check passed"),
            TransitionGuard.Create(() => true, "Contract signed"));
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        var error = await Assert.ThrowsAsync<InvalidTransitionException>(() => machine.FireAsync(Move.Win).AsTask());

        Assert.Equal(["Credit check passed"], error.UnmetGuards);
    }

    [Fact]
    public void Fire_SyncFireWithAsyncGuard_ThrowsTellingToUseFireAsync()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIfAsync(Move.Win, Deal.Won, () => ValueTask.FromResult(true), "Credit check passed");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(Move.Win));

        Assert.Contains("call FireAsync instead", error.Message, StringComparison.Ordinal);
        Assert.Equal(Deal.Negotiation, machine.State);
    }

    [Fact]
    public async Task CanFireAsync_AsyncGuard_EvaluatesIt()
    {
        bool approved = false;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIfAsync(Move.Win, Deal.Won, () => ValueTask.FromResult(approved), "Approved");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        Assert.False(await machine.CanFireAsync(Move.Win));
        approved = true;
        Assert.True(await machine.CanFireAsync(Move.Win));
        Assert.Throws<InvalidOperationException>(() => machine.CanFire(Move.Win));
    }

    [Fact]
    public void Fire_GuardThrows_ExceptionPropagatesUnchangedAndStateStays()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation).PermitIf(Move.Win, Deal.Won, () => throw new TimeoutException("CRM down"), "Contract signed");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        Assert.Throws<TimeoutException>(() => machine.Fire(Move.Win));
        Assert.Equal(Deal.Negotiation, machine.State);
    }

    [Fact]
    public void PermitIf_NoGuards_ThrowsArgumentException()
    {
        var configuration = new StateMachineBuilder<Deal, Move>().Configure(Deal.Lead);

        Assert.Throws<ArgumentException>(() => configuration.PermitIf(Move.Contact, Deal.Contacted));
    }
}
