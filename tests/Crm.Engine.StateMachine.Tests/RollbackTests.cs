namespace Crm.Engine.StateMachine.Tests;

public class RollbackTests
{
    [Fact]
    public void Fire_EntryActionThrows_RestoresStateDropsQueuedTriggersAndNamesTheAction()
    {
        var log = new ActionLog();
        StateMachine<Deal, Move>? machine = null;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Contacted).Permit(Move.Qualify, Deal.Qualified).Permit(Move.Lose, Deal.Lost);
        builder.Configure(Deal.Qualified)
            .Permit(Move.Propose, Deal.Proposal)
            .OnEntry(() =>
            {
                machine!.Fire(Move.Propose);
                log.Add($"queued {machine.QueuedTriggerCount}");
            })
            .OnEntry(() => throw new InvalidOperationException("scoring service unavailable"));
        builder.Configure(Deal.Proposal).OnEntry(log.Record("enter Proposal"));
        machine = builder.Build().CreateInstance(Deal.Contacted);

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Qualify));

        Assert.Equal(
            "Action 'OnEntry(Qualified)' failed during the transition from 'Contacted' to 'Qualified' on trigger 'Qualify'; " +
            "the state was rolled back to 'Contacted'. InvalidOperationException: scoring service unavailable",
            error.Message);
        Assert.Equal(Deal.Contacted, error.SourceState);
        Assert.Equal(Move.Qualify, error.Trigger);
        Assert.Equal(Deal.Qualified, error.DestinationState);
        Assert.Equal(StateMachineActionKind.Entry, error.ActionKind);
        Assert.Equal("OnEntry(Qualified)", error.ActionDescription);
        Assert.True(error.StateRestored);
        Assert.Equal("scoring service unavailable", error.InnerException!.Message);
        Assert.Equal(Deal.Contacted, machine.State);
        Assert.Equal(0, machine.QueuedTriggerCount);
        Assert.Equal(["queued 1"], log.Entries); // the queued Propose never ran

        machine.Fire(Move.Lose);
        Assert.Equal(Deal.Lost, machine.State);
    }

    [Fact]
    public void Fire_ExitActionThrows_StateUnchangedAndKindIsExit()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted).OnExit(_ => throw new IOException("disk"), "Archive lead");
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Contact));

        Assert.Equal(StateMachineActionKind.Exit, error.ActionKind);
        Assert.Equal("Archive lead", error.ActionDescription);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_TransitionHandlerThrowsWithExternalStorage_MutatorRestoresOriginalState()
    {
        var writes = new List<Deal>();
        Deal stored = Deal.Lead;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.OnTransitioned(_ => throw new InvalidOperationException("audit failed"), "Write audit record");
        var machine = builder.Build().CreateInstance(() => stored, s =>
        {
            writes.Add(s);
            stored = s;
        });

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Contact));

        Assert.Equal(StateMachineActionKind.Transitioned, error.ActionKind);
        Assert.Equal("Write audit record", error.ActionDescription);
        Assert.Equal([Deal.Contacted, Deal.Lead], writes);
        Assert.Equal(Deal.Lead, stored);
    }

    [Fact]
    public void Fire_CompletedHandlerThrows_TransitionIsRolledBackToo()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.OnTransitionCompleted(_ => throw new InvalidOperationException("notify failed"));
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Contact));

        Assert.Equal(StateMachineActionKind.TransitionCompleted, error.ActionKind);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_InternalActionThrows_WrappedWithInternalKind()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).InternalTransition(Move.Touch, _ => throw new FormatException("bad note"));
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Touch));

        Assert.Equal(StateMachineActionKind.InternalTransition, error.ActionKind);
        Assert.Equal("InternalTransition(Lead, Touch)", error.ActionDescription);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_MutatorThrows_ReportedAsStateMutatorAndNotRetried()
    {
        int writes = 0;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var machine = builder.Build().CreateInstance(() => Deal.Lead, _ =>
        {
            writes++;
            throw new InvalidOperationException("row locked");
        });

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Contact));

        Assert.Equal(StateMachineActionKind.StateMutator, error.ActionKind);
        Assert.Equal("state mutator", error.ActionDescription);
        Assert.Equal(1, writes);
    }

    [Fact]
    public void Fire_RestoringStateFails_ReportsStateNotRestored()
    {
        Deal stored = Deal.Lead;
        int writes = 0;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted).OnEntry(() => throw new InvalidOperationException("entry failed"));
        var machine = builder.Build().CreateInstance(() => stored, s =>
        {
            if (++writes == 2)
            {
                throw new InvalidOperationException("restore failed");
            }

            stored = s;
        });

        var error = Assert.Throws<StateMachineActionException>(() => machine.Fire(Move.Contact));

        Assert.False(error.StateRestored);
        Assert.IsType<AggregateException>(error.InnerException);
        Assert.Contains("may be inconsistent", error.Message, StringComparison.Ordinal);
    }
}
