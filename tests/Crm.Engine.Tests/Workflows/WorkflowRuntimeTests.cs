using Crm.Engine.Events;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Workflows;

public sealed class WorkflowRuntimeTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    private IWorkflowService Workflows => _host.Tenant().Workflows;

    private RecordAction Recorder => _host.Services.GetServices<IWorkflowAction>().OfType<RecordAction>().Single();

    private ExplodeAction Exploder => _host.Services.GetServices<IWorkflowAction>().OfType<ExplodeAction>().Single();

    public async Task InitializeAsync() => _host = await CreateHostAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    internal static Task<WorkflowTestHost> CreateHostAsync(string? directory = null, Testing.Time.ManualTimeProvider? time = null, params string[] definitions) =>
        WorkflowTestHost.CreateAsync(
            b =>
            {
                foreach (var definition in definitions.Length == 0 ? [RuntimeDefinitions.Approval] : definitions)
                {
                    b.AddWorkflow(definition);
                }

                b.AddTestActions();
            },
            directory,
            time);

    [Fact]
    public async Task StartAsync_NewInstance_EntersInitialStateRunsEntryActionsAndSchedulesTimers()
    {
        var customer = await _host.CreateCustomerAsync();

        var instance = await Workflows.StartAsync("approval", customer.Id);

        Assert.Equal(("draft", WorkflowInstanceStatus.Running, 1, 1L), (instance.State, instance.Status, instance.WorkflowVersion, instance.Version));
        Assert.Equal(1, Recorder.Count("enter-draft"));
        var timer = Assert.Single(await Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(("remind", "draft", WorkflowTestHost.Start.AddDays(1)), (timer.Trigger, timer.State, timer.DueAt));
        var start = Assert.Single(await Workflows.GetHistoryAsync(instance.Id));
        Assert.Equal(("$start", null, "draft", 1L), (start.Trigger, start.FromState, start.ToState, start.Sequence));
        Assert.Equal(instance, await Workflows.GetAsync(instance.Id));
    }

    [Fact]
    public async Task StartAsync_AlreadyRunningForEntity_ReturnsTheRunningInstance()
    {
        var customer = await _host.CreateCustomerAsync();

        var first = await Workflows.StartAsync("approval", customer.Id);
        var second = await Workflows.StartAsync("approval", customer.Id);

        Assert.Equal(first.Id, second.Id);
        Assert.Single(await Workflows.GetByEntityAsync(customer.Id));
        Assert.Equal(1, Recorder.Count("enter-draft"));
    }

    [Fact]
    public async Task StartAsync_UnknownWorkflowOrEntity_FailsClearly()
    {
        var unknown = await Assert.ThrowsAsync<CrmWorkflowConfigurationException>(() => Workflows.StartAsync("aproval", Guid.NewGuid()));
        Assert.Contains("'approval'", unknown.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<CrmNotFoundException>(() => Workflows.StartAsync("approval", Guid.NewGuid()));
        Assert.Equal("Customer", missing.EntityType);
    }

    [Fact]
    public async Task FireAsync_GuardHoldsForPayload_TransitionsRunsActionsInOrderAndPersists()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var result = await Workflows.FireAsync(instance.Id, "submit", """{"amount": 250, "note": "renewal"}""", actorKey());

        Assert.True(result.Applied);
        Assert.Equal(("review", 2L), (result.Instance.State, result.Instance.Version));
        var reloaded = await Workflows.GetAsync(instance.Id);
        Assert.Equal("review", reloaded!.State);
        Assert.Equal(["enter-draft", "submit-action", "enter-review"], Recorder.Calls.Select(c => c.Label));
        var entry = (await Workflows.GetHistoryAsync(instance.Id))[^1];
        Assert.Equal(("submit", "draft", "review", 2L, "system"), (entry.Trigger, entry.FromState, entry.ToState, entry.Sequence, entry.Actor));
        Assert.Contains("renewal", entry.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("in-review", (await _host.Tenant().Customers.GetAsync(customer.Id))!.Tags);

        static string actorKey() => "request-" + Guid.NewGuid().ToString("N");
    }

    [Fact]
    public async Task FireAsync_GuardUnmet_ThrowsWithGuardDescriptionAndWritesNothing()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var error = await Assert.ThrowsAsync<CrmWorkflowTriggerException>(() => Workflows.FireAsync(instance.Id, "submit", """{"amount": 5000}"""));

        Assert.Equal(["amount up to 1,000"], error.UnmetGuards);
        Assert.Equal(("draft", "submit"), (error.State, error.Trigger));
        Assert.Contains("'amount up to 1,000'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Workflows.GetAsync(instance.Id))!.Version);
        Assert.Single(await Workflows.GetHistoryAsync(instance.Id));
    }

    [Theory]
    [InlineData("""{"amount": "lots"}""", "payload.amount", "must be a number")]
    [InlineData("""{"note": "no amount"}""", "payload.amount", "missing required property 'amount'")]
    [InlineData("""{"amount": -1}""", "payload.amount", "out of range")]
    [InlineData("""{"amount": 1""", "payload", "not valid JSON")]
    public async Task FireAsync_PayloadBreaksTriggerSchema_RejectsNamingTheJsonPath(string payload, string path, string message)
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Workflows.FireAsync(instance.Id, "submit", payload));

        Assert.Contains(error.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal("draft", (await Workflows.GetAsync(instance.Id))!.State);
    }

    [Fact]
    public async Task FireAsync_UnknownTrigger_SuggestsTheDeclaredOne()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var error = await Assert.ThrowsAsync<CrmWorkflowTriggerException>(() => Workflows.FireAsync(instance.Id, "sumbit"));

        Assert.Contains("Did you mean 'submit'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FireAsync_EntryActionKeepsFailing_RetriesWithBackoffThenRollsBackEverything()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        var timersBefore = await Workflows.GetTimersAsync(instance.Id);

        var fire = Workflows.FireAsync(instance.Id, "fail");
        var error = await DriveClockAsync<CrmWorkflowActionException>(fire);

        Assert.Equal(("broken", "fail", 2), (error.State, error.Trigger, error.Attempts));
        Assert.Contains("'explode' at $.states.broken.onEntry[1]", error.Action, StringComparison.Ordinal);
        Assert.Contains("state 'broken'", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(2, Exploder.Attempts);
        var stored = (await Workflows.GetAsync(instance.Id))!;
        Assert.Equal(("draft", 1L), (stored.State, stored.Version));
        Assert.Single(await Workflows.GetHistoryAsync(instance.Id));
        Assert.Equal(timersBefore, await Workflows.GetTimersAsync(instance.Id));
        Assert.DoesNotContain("broken", (await _host.Tenant().Customers.GetAsync(customer.Id))!.Tags);
    }

    [Fact]
    public async Task FireAsync_EntryActionFailsOnce_SecondAttemptCommitsTheStepOnce()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        Exploder.FailTimes(1);

        var result = await DriveClockAsync(Workflows.FireAsync(instance.Id, "fail"));

        Assert.Equal("broken", result.Instance.State);
        Assert.Equal(2, Exploder.Attempts);
        Assert.Equal(2, (await Workflows.GetHistoryAsync(instance.Id)).Count);
        Assert.Equal(["broken"], (await _host.Tenant().Customers.GetAsync(customer.Id))!.Tags);
        Assert.Equal("broken", Assert.Single(await Workflows.GetTimersAsync(instance.Id)).State);
    }

    [Fact]
    public async Task FireAsync_SameIdempotencyKeyTwice_TransitionsOnce()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var first = await Workflows.FireAsync(instance.Id, "submit", """{"amount": 10}""", "order-42");
        var second = await Workflows.FireAsync(instance.Id, "submit", """{"amount": 10}""", "order-42");
        var third = await Workflows.FireAsync(instance.Id, "approve", null, "order-42");

        Assert.True(first.Applied);
        Assert.False(second.Applied);
        Assert.Null(second.Transition);
        Assert.False(third.Applied);
        Assert.Equal(("review", 2L), (second.Instance.State, second.Instance.Version));
        Assert.Equal(2, (await Workflows.GetHistoryAsync(instance.Id)).Count);
        Assert.Equal(1, Recorder.Count("enter-review"));
    }

    [Fact]
    public async Task FireAsync_GuardedInternalTransition_RunsActionsWithoutExitOrEntry()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        await Workflows.FireAsync(instance.Id, "submit", """{"amount": 1}""");

        var result = await Workflows.FireAsync(instance.Id, "touch", """{"urgent": true}""");
        var refused = await Assert.ThrowsAsync<CrmWorkflowTriggerException>(() => Workflows.FireAsync(instance.Id, "touch", """{"urgent": false}"""));

        Assert.Equal(("review", "review", "review"), (result.Transition!.FromState, result.Transition.ToState, result.Instance.State));
        Assert.Equal(1, Recorder.Count("touched"));
        Assert.Equal(0, Recorder.Count("exit-review"));
        Assert.Equal(1, Recorder.Count("enter-review"));
        Assert.Equal(["payload.urgent eq true"], refused.UnmetGuards);
        Assert.Single(await Workflows.GetTimersAsync(instance.Id));
    }

    [Fact]
    public async Task GetPermittedTriggersAsync_InDraft_ListsHandledTriggersWithUnmetGuards()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var triggers = await Workflows.GetPermittedTriggersAsync(instance.Id);

        var byName = triggers.ToDictionary(t => t.Trigger);
        Assert.Equal(["fail", "nest", "remind", "replied", "submit"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.False(byName["submit"].IsPermitted);
        Assert.Equal(["amount up to 1,000"], byName["submit"].UnmetGuards);
        Assert.True(byName["remind"].IsPermitted);
        Assert.Empty(byName["fail"].UnmetGuards);
    }

    [Fact]
    public async Task Timers_LeavingTheState_CancelsItsTimersAndStartsTheNewStates()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        await _host.AdvanceAsync(TimeSpan.FromHours(6));

        await Workflows.FireAsync(instance.Id, "submit", """{"amount": 1}""");
        var timers = await Workflows.GetTimersAsync(instance.Id);
        await _host.AdvanceAsync(TimeSpan.FromHours(20)); // past the cancelled draft reminder (due after 24 h)

        var timer = Assert.Single(timers);
        Assert.Equal(("expire", "review", WorkflowTestHost.Start.AddHours(6).AddDays(2)), (timer.Trigger, timer.State, timer.DueAt));
        Assert.Equal(0, Recorder.Count("reminded"));
        Assert.Equal("review", (await Workflows.GetAsync(instance.Id))!.State);
    }

    [Fact]
    public async Task Timers_DueTimeReached_FireOnceAndInternalTimerKeepsState()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        await _host.AdvanceAsync(TimeSpan.FromDays(1));
        await _host.AdvanceAsync(TimeSpan.FromDays(3));

        Assert.Equal(1, Recorder.Count("reminded"));
        var history = await Workflows.GetHistoryAsync(instance.Id);
        var fired = Assert.Single(history, h => h.Trigger == "remind");
        Assert.Equal(("draft", "draft", "timer"), (fired.FromState, fired.ToState, fired.Actor));
        Assert.StartsWith("timer:", fired.IdempotencyKey, StringComparison.Ordinal);
        Assert.Empty(await Workflows.GetTimersAsync(instance.Id));
    }

    [Fact]
    public async Task FinalState_CompletesInstanceDeletesTimersAndRefusesTriggers()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        await Workflows.FireAsync(instance.Id, "submit", """{"amount": 1}""");

        var approved = await Workflows.FireAsync(instance.Id, "approve");
        var error = await Assert.ThrowsAsync<CrmWorkflowTriggerException>(() => Workflows.FireAsync(instance.Id, "expire"));

        Assert.Equal(WorkflowInstanceStatus.Completed, approved.Instance.Status);
        Assert.Empty(await Workflows.GetTimersAsync(instance.Id));
        Assert.Contains("is completed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Recorder.Count("exit-review"));
        Assert.Empty(await Workflows.GetPermittedTriggersAsync(instance.Id));
    }

    [Fact]
    public async Task DomainEvent_InboundInteraction_FiresBoundTriggerAndRedeliveryTransitionsOnce()
    {
        var crm = _host.Tenant();
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        InteractionRecorded? seen = null;
        using var capture = _host.Services.GetRequiredService<ICrmEventBus>().Subscribe<InteractionRecorded>((e, _) =>
        {
            seen = e;
            return Task.CompletedTask;
        });

        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", Direction = InteractionDirection.Outbound, OccurredAt = _host.Time.GetUtcNow() });
        Assert.Equal("draft", (await Workflows.GetAsync(instance.Id))!.State);

        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "email", Direction = InteractionDirection.Inbound, OccurredAt = _host.Time.GetUtcNow() });
        await _host.Services.GetRequiredService<ICrmEventBus>().PublishAsync(seen!);

        var history = await Workflows.GetHistoryAsync(instance.Id);
        var replied = Assert.Single(history, h => h.Trigger == "replied");
        Assert.Equal(("draft", "review", "event:interactionRecorded"), (replied.FromState, replied.ToState, replied.Actor));
        Assert.Equal($"event:{seen!.EventId:N}:replied", replied.IdempotencyKey);
        Assert.Equal(1, Recorder.Count("enter-review"));
    }

    [Fact]
    public async Task ConcurrentFires_OnOneInstance_OneWinsTheOtherIsRefusedOnTheNewState()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        await Workflows.FireAsync(instance.Id, "submit", """{"amount": 1}""");

        var fires = Enumerable.Range(0, 4).Select(_ => Task.Run(() => _host.Tenant().Workflows.FireAsync(instance.Id, "approve"))).ToArray();
        var outcomes = await Task.WhenAll(fires.Select(async f =>
        {
            try
            {
                await f;
                return "won";
            }
            catch (CrmWorkflowTriggerException)
            {
                return "refused";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(3, outcomes.Count(o => o == "refused"));
        Assert.Single(await Workflows.GetHistoryAsync(instance.Id), h => h.Trigger == "approve");
        Assert.Equal(1, Recorder.Count("enter-approved"));
    }

    [Fact]
    public async Task ConcurrentFires_OfDifferentTriggers_AreSerializedWithoutLosingEither()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        await Workflows.FireAsync(instance.Id, "submit", """{"amount": 1}""");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => _host.Tenant().Workflows.FireAsync(instance.Id, "touch", """{"urgent": true}"""))));

        var stored = (await Workflows.GetAsync(instance.Id))!;
        Assert.Equal(7, stored.Version);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), (await Workflows.GetHistoryAsync(instance.Id)).Select(h => h.Sequence));
        Assert.Equal(5, Recorder.Count("touched"));
    }

    [Fact]
    public async Task FireAsync_FromInsideAnAction_IsRefusedWithAdviceInsteadOfWaitingForTheLock()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);

        var error = await DriveClockAsync<CrmWorkflowActionException>(Workflows.FireAsync(instance.Id, "nest"));

        Assert.Contains("Use WorkflowActionContext.FireAfter", Assert.IsType<InvalidOperationException>(error.InnerException).Message, StringComparison.Ordinal);
        Assert.Single(await Workflows.GetHistoryAsync(instance.Id));
    }

    [Fact]
    public async Task Tenancy_InstancesOfAnotherTenant_AreInvisible()
    {
        var customer = await _host.CreateCustomerAsync("acme");
        var instance = await Workflows.StartAsync("approval", customer.Id);

        Assert.Null(await _host.Tenant("globex").Workflows.GetAsync(instance.Id));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => _host.Tenant("globex").Workflows.FireAsync(instance.Id, "remind"));
    }

    /// <summary>Advances the manual clock in one-second steps until the fire completes (its retries wait on the clock).</summary>
    private async Task<T> DriveClockAsync<T>(Task<T> fire)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fire.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The fire did not complete.");
            _host.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }

        return await fire;
    }

    private async Task<TException> DriveClockAsync<TException>(Task fire)
        where TException : Exception
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fire.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The fire did not complete.");
            _host.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }

        return await Assert.ThrowsAsync<TException>(() => fire);
    }
}
