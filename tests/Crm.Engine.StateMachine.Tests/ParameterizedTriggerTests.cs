namespace Crm.Engine.StateMachine.Tests;

public sealed record Offer(string Product, decimal Amount);

public class ParameterizedTriggerTests
{
    [Fact]
    public void Fire_OneArgument_ReachesOnEntryFromTyped()
    {
        int? owner = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        var assign = builder.SetTriggerParameters<int>(Move.Assign);
        builder.Configure(Deal.Lead).Permit(Move.Assign, Deal.Contacted);
        builder.Configure(Deal.Contacted).OnEntryFrom(assign, (ownerId, transition) => owner = ownerId);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(assign, 42);

        Assert.Equal(42, owner);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_TwoArguments_ReachOnEntryFromAsSeparateParameters()
    {
        (string, int)? received = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        var propose = builder.SetTriggerParameters<string, int>(Move.Propose);
        builder.Configure(Deal.Qualified).Permit(Move.Propose, Deal.Proposal);
        builder.Configure(Deal.Proposal).OnEntryFrom(propose, (product, seats, _) => received = (product, seats));
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        machine.Fire(propose, "CRM Pro", 25);

        Assert.Equal(("CRM Pro", 25), received);
    }

    [Fact]
    public void Fire_ThreeArguments_ReachOnEntryFrom()
    {
        string? received = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        var propose = builder.SetTriggerParameters<string, int, bool>(Move.Propose);
        builder.Configure(Deal.Qualified).Permit(Move.Propose, Deal.Proposal);
        builder.Configure(Deal.Proposal).OnEntryFrom(propose, (product, seats, annual, _) => received = $"{product}/{seats}/{annual}");
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        machine.Fire(propose, "CRM Pro", 25, true);

        Assert.Equal("CRM Pro/25/True", received);
    }

    [Fact]
    public void Fire_FourArgumentsAsValueTuple_ReachOnEntryFrom()
    {
        (string Product, int Seats, decimal Price, bool Annual) received = default;
        var builder = new StateMachineBuilder<Deal, Move>();
        var propose = builder.SetTriggerParameters<(string Product, int Seats, decimal Price, bool Annual)>(Move.Propose);
        builder.Configure(Deal.Qualified).Permit(Move.Propose, Deal.Proposal);
        builder.Configure(Deal.Proposal).OnEntryFrom(propose, (args, _) => received = args);
        var machine = builder.Build().CreateInstance(Deal.Qualified);

        machine.Fire(propose, ("CRM Pro", 25, 99.5m, true));

        Assert.Equal(("CRM Pro", 25, 99.5m, true), received);
    }

    [Fact]
    public void Fire_RecordArgument_DrivesTypedGuardAndDynamicDestination()
    {
        Offer? entered = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        var offer = builder.SetTriggerParameters<Offer>(Move.Route);
        builder.Configure(Deal.Qualified)
            .PermitDynamic(offer, o => o.Amount >= 10_000 ? Deal.Negotiation : Deal.Proposal, "By amount", Deal.Proposal, Deal.Negotiation);
        builder.Configure(Deal.Proposal).OnEntryFrom(offer, (o, _) => entered = o);
        builder.Configure(Deal.Lead).PermitIf(offer, Deal.Qualified, o => o.Amount > 0, "Positive amount");
        var definition = builder.Build();

        var qualified = definition.CreateInstance(Deal.Qualified);
        qualified.Fire(offer, new Offer("Seats", 500m));
        var lead = definition.CreateInstance(Deal.Lead);

        Assert.Equal(Deal.Proposal, qualified.State);
        Assert.Equal(new Offer("Seats", 500m), entered);
        var error = Assert.Throws<InvalidTransitionException>(() => lead.Fire(offer, new Offer("Nothing", 0m)));
        Assert.Equal(["Positive amount"], error.UnmetGuards);
        lead.Fire(offer, new Offer("Seats", 1m));
        Assert.Equal(Deal.Qualified, lead.State);
    }

    [Fact]
    public void PermitIf_TwoArgumentGuard_ReceivesBothArguments()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        var propose = builder.SetTriggerParameters<string, int>(Move.Propose);
        builder.Configure(Deal.Qualified).PermitIf(propose, Deal.Proposal, (product, seats) => product.Length > 0 && seats > 0, "Valid offer");
        var definition = builder.Build();
        var machine = definition.CreateInstance(Deal.Qualified);

        Assert.False(machine.CanFire(propose, ("CRM", 0), out IReadOnlyList<string> unmet));
        Assert.Equal(["Valid offer"], unmet);
        machine.Fire(propose, "CRM", 3);
        Assert.Equal(Deal.Proposal, machine.State);
    }

    [Fact]
    public void OnEntryFrom_DifferentTriggerEnters_ActionDoesNotRun()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        var assign = builder.SetTriggerParameters<int>(Move.Assign);
        builder.Configure(Deal.Lead).Permit(Move.Assign, Deal.Contacted).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted)
            .OnEntryFrom(assign, (id, _) => log.Add($"assigned {id}"))
            .OnEntryFrom(Move.Contact, _ => log.Add("contacted"))
            .OnEntry(() => log.Add("entered"));
        var definition = builder.Build();

        definition.CreateInstance(Deal.Lead).Fire(Move.Contact);
        definition.CreateInstance(Deal.Lead).Fire(assign, 7);

        Assert.Equal(["contacted", "entered", "assigned 7", "entered"], log.Entries);
    }

    [Fact]
    public void InternalTransition_TypedArgument_ReachesAction()
    {
        int total = 0;
        var builder = new StateMachineBuilder<Deal, Move>();
        var touch = builder.SetTriggerParameters<int>(Move.Touch);
        builder.Configure(Deal.Lead).InternalTransition(touch, (points, _) => total += points);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(touch, 3);
        machine.Fire(touch, 4);

        Assert.Equal(7, total);
    }

    [Fact]
    public void Fire_ParameterizedTriggerWithoutArguments_ThrowsArgumentException()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.SetTriggerParameters<int>(Move.Assign);
        builder.Configure(Deal.Lead).Permit(Move.Assign, Deal.Contacted);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<ArgumentException>(() => machine.Fire(Move.Assign));

        Assert.Contains("takes an argument of type 'Int32'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_ArgumentTypeFromAnotherBuilder_ThrowsArgumentException()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.SetTriggerParameters<int>(Move.Assign);
        builder.Configure(Deal.Lead).Permit(Move.Assign, Deal.Contacted);
        var machine = builder.Build().CreateInstance(Deal.Lead);
        var foreign = new StateMachineBuilder<Deal, Move>().SetTriggerParameters<string>(Move.Assign);

        var error = Assert.Throws<ArgumentException>(() => machine.Fire(foreign, "x"));

        Assert.Contains("takes 'Int32', not 'String'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanFire_ArgumentTypeFromAnotherBuilder_ThrowsInsteadOfTreatingGuardsAsMet()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        var assign = builder.SetTriggerParameters<int>(Move.Assign);
        builder.Configure(Deal.Lead).PermitIf(assign, Deal.Contacted, id => id > 0, "Owner set");
        var machine = builder.Build().CreateInstance(Deal.Lead);
        var foreign = new StateMachineBuilder<Deal, Move>().SetTriggerParameters<string>(Move.Assign);

        Assert.Throws<ArgumentException>(() => machine.CanFire(foreign, "x", out _));
        Assert.False(machine.CanFire(assign, 0, out IReadOnlyList<string> unmet));
        Assert.Equal(["Owner set"], unmet);
    }

    [Fact]
    public void SetTriggerParameters_DifferentTypeForSameTrigger_Throws()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.SetTriggerParameters<int>(Move.Assign);

        Assert.Throws<ArgumentException>(() => builder.SetTriggerParameters<string>(Move.Assign));
        Assert.Equal(Move.Assign, builder.SetTriggerParameters<int>(Move.Assign).Trigger);
    }
}
