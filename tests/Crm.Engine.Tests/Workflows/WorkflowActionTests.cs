using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Workflows;

public sealed class WorkflowActionTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await WorkflowRuntimeTests.CreateHostAsync(null, null, RuntimeDefinitions.Approval, RuntimeDefinitions.Actions);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IWorkflowService Workflows => _host.Tenant().Workflows;

    private RecordAction Recorder => _host.Services.GetServices<IWorkflowAction>().OfType<RecordAction>().Single();

    [Fact]
    public async Task BuiltInActions_ChangeTheCustomerAndRecordATaskInTheStep()
    {
        var crm = _host.Tenant();
        var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "Eve", Emails = ["eve@example.com"], Tags = ["prospect"] });
        var instance = await Workflows.StartAsync("actions", customer.Id);

        await Workflows.FireAsync(instance.Id, "enrich");

        var stored = (await crm.Customers.GetAsync(customer.Id))!;
        Assert.Equal(42m, stored.Attributes["score"].AsNumber());
        Assert.Equal("gold", stored.Attributes["plan"].AsString());
        Assert.Equal((LifecycleStage.Customer, "Lisbon", "owner-7"), (stored.LifecycleStage, stored.Demographics.City, stored.OwnerId));
        Assert.Equal(["vip"], stored.Tags);
        var task = Assert.Single((await crm.Interactions.GetTimelineAsync(customer.Id)).Items);
        Assert.Equal(("task", InteractionDirection.Internal, "Welcome call", "owner-7"), (task.Channel, task.Direction, task.Subject, task.Metadata["assignee"]));
        Assert.Equal(instance.Id.ToString(), task.Metadata["instanceId"]);
        var timer = Assert.Single(await Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(("ping", "enriched", WorkflowTestHost.Start.AddHours(1)), (timer.Trigger, timer.State, timer.DueAt));
    }

    [Fact]
    public async Task ScheduleTrigger_InTheInitialStatesEntryActions_IsWrittenWithTheStart()
    {
        var customer = await _host.CreateCustomerAsync();

        var instance = await Workflows.StartAsync("actions", customer.Id);

        var timer = Assert.Single(await Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(("ping", "idle", WorkflowTestHost.Start.AddDays(1)), (timer.Trigger, timer.State, timer.DueAt));
    }

    [Fact]
    public async Task ScheduleTrigger_DueTimeReached_FiresOnTheInstance()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("actions", customer.Id);
        await Workflows.FireAsync(instance.Id, "enrich");

        await _host.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(1, Recorder.Count("pinged"));
        Assert.Empty(await Workflows.GetTimersAsync(instance.Id));
    }

    [Fact]
    public async Task ScheduleTrigger_StateLeftBeforeDue_TimerIsCancelled()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("actions", customer.Id);
        await Workflows.FireAsync(instance.Id, "enrich");

        await Workflows.FireAsync(instance.Id, "leave");
        await _host.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Empty(await Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(0, Recorder.Count("pinged-after-leaving"));
    }

    [Fact]
    public async Task FireAfter_QueuedByAnAction_FiresOnceTheStepHasCommitted()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("actions", customer.Id);
        await Workflows.FireAsync(instance.Id, "enrich");

        var result = await Workflows.FireAsync(instance.Id, "leave", null, "leave-1");

        Assert.Equal("gone", result.Instance.State);
        var chained = (await Workflows.GetHistoryAsync(instance.Id))[^1];
        Assert.Equal(("chained", "gone", "leave-1/after/0"), (chained.Trigger, chained.ToState, chained.IdempotencyKey));
        Assert.Equal(1, Recorder.Count("chained"));
    }

    [Fact]
    public async Task Guard_OverRelationsAndAggregates_SeesTheCustomersInteractions()
    {
        var crm = _host.Tenant();
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("actions", customer.Id);
        await Workflows.FireAsync(instance.Id, "enrich"); // records one task interaction

        var refused = await Assert.ThrowsAsync<CrmWorkflowTriggerException>(() => Workflows.FireAsync(instance.Id, "promote"));
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = customer.Id, Channel = "chat", Direction = InteractionDirection.Inbound, OccurredAt = _host.Time.GetUtcNow() });
        var promoted = await Workflows.FireAsync(instance.Id, "promote");

        Assert.Equal(["two contacts, one inbound"], refused.UnmetGuards);
        Assert.Equal("gone", promoted.Instance.State);
    }

    [Fact]
    public async Task Reentry_ExitsAndEntersAgainAndRestartsTheStatesTimers()
    {
        var customer = await _host.CreateCustomerAsync();
        var instance = await Workflows.StartAsync("approval", customer.Id);
        await Workflows.FireAsync(instance.Id, "submit", """{"amount": 1}""");
        var before = Assert.Single(await Workflows.GetTimersAsync(instance.Id));
        await _host.AdvanceAsync(TimeSpan.FromDays(1));

        var result = await Workflows.FireAsync(instance.Id, "restart");

        Assert.Equal(("review", "review"), (result.Transition!.FromState, result.Transition.ToState));
        Assert.Equal((1, 2), (Recorder.Count("exit-review"), Recorder.Count("enter-review")));
        var after = Assert.Single(await Workflows.GetTimersAsync(instance.Id));
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(before.DueAt.AddDays(1), after.DueAt);
    }
}
