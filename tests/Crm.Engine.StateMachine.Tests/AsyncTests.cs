namespace Crm.Engine.StateMachine.Tests;

public class AsyncTests
{
    [Fact]
    public async Task FireAsync_AsyncEntryAndExitActions_AreAwaitedInOrder()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead)
            .Permit(Move.Contact, Deal.Contacted)
            .OnExitAsync(async _ =>
            {
                await Task.Yield();
                log.Add("exit Lead");
            });
        builder.Configure(Deal.Contacted)
            .OnEntryAsync(async t =>
            {
                await Task.Yield();
                log.Add($"enter {t.Destination}");
            })
            .OnEntry(() => log.Add("sync entry"));
        builder.OnTransitionedAsync(async t =>
        {
            await Task.Yield();
            log.Add("transitioned");
        });
        builder.OnTransitionCompletedAsync(t =>
        {
            log.Add("completed");
            return ValueTask.CompletedTask;
        });
        var machine = builder.Build().CreateInstance(Deal.Lead);

        await machine.FireAsync(Move.Contact);

        Assert.Equal(["exit Lead", "transitioned", "enter Contacted", "sync entry", "completed"], log.Entries);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void Fire_SyncOnTransitionWithAsyncAction_ThrowsTellingToUseFireAsyncWithoutRunningAnything()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted).OnExit(log.Record("exit Lead"));
        builder.Configure(Deal.Contacted).OnEntryAsync(_ => ValueTask.CompletedTask);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(Move.Contact));

        Assert.Equal(
            "Trigger 'Contact' in state 'Lead' needs asynchronous guards or actions; call FireAsync instead.",
            error.Message);
        Assert.Empty(log.Entries);
        Assert.Equal(Deal.Lead, machine.State);
    }

    [Fact]
    public void Fire_SyncTransitionInMachineThatHasAsyncActionsElsewhere_Works()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Won).OnEntryAsync(_ => ValueTask.CompletedTask);
        var definition = builder.Build();
        var machine = definition.CreateInstance(Deal.Lead);

        machine.Fire(Move.Contact);

        Assert.True(definition.HasAsyncActions);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public void FireAsync_NoAsyncActions_CompletesSynchronously()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        ValueTask firing = machine.FireAsync(Move.Contact);

        Assert.True(firing.IsCompletedSuccessfully);
        Assert.Equal(Deal.Contacted, machine.State);
    }

    [Fact]
    public async Task FireAsync_UnpermittedTrigger_FaultsTheReturnedTask()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        var machine = builder.Build().CreateInstance(Deal.Lead);

        ValueTask firing = machine.FireAsync(Move.Win);

        Assert.True(firing.IsFaulted);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => firing.AsTask());
    }

    [Fact]
    public async Task FireAsync_AsyncInternalTransitionAndTypedAsyncEntry_ReceiveArguments()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        var assign = builder.SetTriggerParameters<string>(Move.Assign);
        builder.Configure(Deal.Lead)
            .InternalTransitionAsync(Move.Touch, async t =>
            {
                await Task.Yield();
                log.Add($"touched {t.Source}");
            })
            .Permit(Move.Assign, Deal.Contacted);
        builder.Configure(Deal.Contacted).OnEntryFromAsync(assign, async (owner, _) =>
        {
            await Task.Yield();
            log.Add($"assigned to {owner}");
        });
        var machine = builder.Build().CreateInstance(Deal.Lead);

        await machine.FireAsync(Move.Touch);
        await machine.FireAsync(assign, "ana");

        Assert.Equal(["touched Lead", "assigned to ana"], log.Entries);
    }

    [Fact]
    public async Task FireAsync_AsyncUnhandledTriggerHandler_IsAwaited()
    {
        var log = new ActionLog();
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.OnUnhandledTriggerAsync(async (state, trigger, _) =>
        {
            await Task.Yield();
            log.Add($"unhandled {trigger} in {state}");
        });
        var machine = builder.Build().CreateInstance(Deal.Lead);

        await machine.FireAsync(Move.Win);

        Assert.Equal(["unhandled Win in Lead"], log.Entries);
        Assert.Throws<InvalidOperationException>(() => machine.Fire(Move.Win));
    }

    [Fact]
    public async Task FireAsync_AsyncEntryActionThrowsAfterAwait_RollsBackAndWraps()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Lead).Permit(Move.Contact, Deal.Contacted);
        builder.Configure(Deal.Contacted).OnEntryAsync(
            async _ =>
            {
                await Task.Yield();
                throw new InvalidDataException("mail server rejected");
            },
            "Send welcome mail");
        var machine = builder.Build().CreateInstance(Deal.Lead);

        var error = await Assert.ThrowsAsync<StateMachineActionException>(() => machine.FireAsync(Move.Contact).AsTask());

        Assert.Equal("Send welcome mail", error.ActionDescription);
        Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.Equal(Deal.Lead, machine.State);
    }
}
