namespace Crm.Engine.StateMachine.Tests;

public class ExternalStorageTests
{
    private sealed class Opportunity
    {
        public Deal Status { get; set; } = Deal.Lead;
    }

    [Fact]
    public void Fire_AccessorAndMutator_ReadAndWriteTheEntity()
    {
        var opportunity = new Opportunity();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted).Permit(Move.Qualify, Deal.Qualified);
        var machine = builder.Build().CreateInstance(() => opportunity.Status, s => opportunity.Status = s);

        machine.Fire(Move.Contact);
        opportunity.Status = Deal.Contacted; // changed elsewhere: the machine reads the entity, not a copy
        machine.Fire(Move.Qualify);

        Assert.Equal(Deal.Qualified, opportunity.Status);
        Assert.Equal(Deal.Qualified, machine.State);
    }

    [Fact]
    public void Fire_AccessorReturnsUnknownState_ThrowsClearError()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var machine = builder.Build().CreateInstance(() => Deal.Closed, _ => { });

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(Move.Contact));

        Assert.Equal("The current state 'Closed' is not part of this state machine definition.", error.Message);
    }
}
