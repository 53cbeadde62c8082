namespace Crm.Engine.StateMachine.Tests;

public class QueuedFiringTests
{
    [Fact]
    public void Fire_FromInsideEntryAction_RunsAfterCurrentTransitionCompletes()
    {
        var log = new ActionLog();
        StateMachine<Deal, Move>? machine = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted).OnExit(log.Record("exit Lead"));
        builder.Configure(Deal.Contacted)
            .Permit(Move.Qualify, Deal.Qualified)
            .OnEntry(() =>
            {
                log.Add("enter Contacted (queue Qualify)");
                machine!.Fire(Move.Qualify);
                log.Add($"still in {machine.State}");
            })
            .OnExit(log.Record("exit Contacted"));
        builder.Configure(Deal.Qualified).OnEntry(log.Record("enter Qualified"));
        builder.OnTransitionCompleted(t => log.Add($"completed {t.Source}->{t.Destination}"));
        machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);

        Assert.Equal(
            [
                "exit Lead",
                "enter Contacted (queue Qualify)",
                "still in Contacted",
                "completed Lead->Contacted",
                "exit Contacted",
                "enter Qualified",
                "completed Contacted->Qualified",
            ],
            log.Entries);
        Assert.Equal(Deal.Qualified, machine.State);
        Assert.Equal(0, machine.QueuedTriggerCount);
    }

    [Fact]
    public void Fire_SeveralTriggersQueued_ProcessedInFiringOrder()
    {
        var log = new ActionLog();
        StateMachine<Deal, Move>? machine = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        var note = builder.SetTriggerParameters<string>(Move.Touch);
        builder.Configure(Deal.Lead)
            .Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted)
            .InternalTransition(note, (text, _) => log.Add(text))
            .OnEntry(() =>
            {
                machine!.Fire(note, "first");
                machine.Fire(note, "second");
                machine.Fire(note, "third");
                log.Add("entry done");
            });
        machine = builder.Build().CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);

        Assert.Equal(["entry done", "first", "second", "third"], log.Entries);
    }

    [Fact]
    public void Fire_QueuedTriggerFails_EarlierTransitionStaysAndQueueIsEmpty()
    {
        StateMachine<Deal, Move>? machine = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted).OnEntry(() => machine!.Fire(Move.Win));
        machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<InvalidTransitionException>(() => machine.Fire(Move.Contact));

        Assert.Equal(Deal.Contacted, error.State);
        Assert.Equal(Deal.Contacted, machine.State);
        Assert.Equal(0, machine.QueuedTriggerCount);
    }

    [Fact]
    public async Task FireAsync_FromAsyncActionAfterAwait_IsQueuedNotDeadlocked()
    {
        var log = new ActionLog();
        StateMachine<Deal, Move>? machine = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted)
            .Permit(Move.Qualify, Deal.Qualified)
            .OnEntryAsync(async _ =>
            {
                await Task.Yield();
                await machine!.FireAsync(Move.Qualify);
                log.Add($"after queueing, state {machine.State}");
            });
        builder.Configure(Deal.Qualified).OnEntry(log.Record("enter Qualified"));
        machine = builder.Build().CreateInstance(Deal.Lead);

        await machine.FireAsync(Move.Contact);

        Assert.Equal(["after queueing, state Contacted", "enter Qualified"], log.Entries);
        Assert.Equal(Deal.Qualified, machine.State);
    }
}
