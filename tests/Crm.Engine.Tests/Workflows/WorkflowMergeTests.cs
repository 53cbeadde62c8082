using System.Text.Json;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Workflows;

/// <summary>A customer merge moves the merged customer's workflow instances, with their timers and history, to the survivor.</summary>
public sealed class WorkflowMergeTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    private ICrmContext Crm => _host.Tenant();

    private RecordAction Recorder => _host.Services.GetServices<IWorkflowAction>().OfType<RecordAction>().Single();

    public async Task InitializeAsync() => _host = await WorkflowRuntimeTests.CreateHostAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task MergeAsync_MergedCustomerHasRunningInstanceWithPendingTimer_InstanceMovesAndTimerFiresOnIt()
    {
        var survivor = await _host.CreateCustomerAsync(name: "Ada");
        var merged = await _host.CreateCustomerAsync(name: "Augusta");
        var instance = await Crm.Workflows.StartAsync("approval", merged.Id);
        await Crm.Workflows.FireAsync(instance.Id, "submit", """{"amount": 10}""");
        var timer = Assert.Single(await Crm.Workflows.GetTimersAsync(instance.Id));
        Assert.Equal(("expire", WorkflowTestHost.Start.AddDays(2)), (timer.Trigger, timer.DueAt));

        var result = await Crm.Duplicates.MergeAsync(survivor.Id, merged.Id);

        Assert.Equal(1, result.Record.ParticipantsMoved["workflowInstances"]);
        var moved = (await Crm.Workflows.GetAsync(instance.Id))!;
        Assert.Equal((survivor.Id, "review", WorkflowInstanceStatus.Running), (moved.EntityId, moved.State, moved.Status));
        Assert.Equal([instance.Id], (await Crm.Workflows.GetByEntityAsync(survivor.Id)).Select(i => i.Id));
        Assert.Empty(await Crm.Workflows.GetByEntityAsync(merged.Id));
        Assert.Equal([timer], await Crm.Workflows.GetTimersAsync(instance.Id));
        var mergeEntry = (await Crm.Workflows.GetHistoryAsync(instance.Id))[^1];
        Assert.Equal(("$merge", "review", "review", moved.Version), (mergeEntry.Trigger, mergeEntry.FromState, mergeEntry.ToState, mergeEntry.Sequence));

        // The step loads the instance's customer: had the instance stayed on the deleted customer, the timer would fail.
        await _host.AdvanceAsync(TimeSpan.FromDays(2));

        var expired = (await Crm.Workflows.GetAsync(instance.Id))!;
        Assert.Equal((survivor.Id, "expired", WorkflowInstanceStatus.Completed), (expired.EntityId, expired.State, expired.Status));
        Assert.Equal(["$start", "submit", "$merge", "expire"], (await Crm.Workflows.GetHistoryAsync(instance.Id)).Select(h => h.Trigger));
        Assert.Empty(await Crm.Workflows.GetTimersAsync(instance.Id));
    }

    [Fact]
    public async Task MergeAsync_BothRunTheSameWorkflow_SurvivorsInstanceContinuesMergedOneIsClosedWithoutTimers()
    {
        var survivor = await _host.CreateCustomerAsync(name: "Ada");
        var merged = await _host.CreateCustomerAsync(name: "Augusta");
        var kept = await Crm.Workflows.StartAsync("approval", survivor.Id);
        var closed = await Crm.Workflows.StartAsync("approval", merged.Id);
        await Crm.Workflows.FireAsync(closed.Id, "submit", """{"amount": 10}""");
        var finished = await Crm.Workflows.StartAsync("approval", (await _host.CreateCustomerAsync(name: "Other")).Id);

        var result = await Crm.Duplicates.MergeAsync(survivor.Id, merged.Id);

        Assert.Equal(1, result.Record.ParticipantsMoved["workflowInstances"]);
        var all = await Crm.Workflows.GetByEntityAsync(survivor.Id);
        Assert.Equal([kept.Id], all.Where(i => i.Status == WorkflowInstanceStatus.Running).Select(i => i.Id));
        Assert.Equal(new[] { kept.Id, closed.Id }.Order(), all.Select(i => i.Id).Order());
        var closedNow = (await Crm.Workflows.GetAsync(closed.Id))!;
        Assert.Equal((WorkflowInstanceStatus.Completed, "review"), (closedNow.Status, closedNow.State));
        Assert.Empty(await Crm.Workflows.GetTimersAsync(closed.Id));
        Assert.Single(await Crm.Workflows.GetTimersAsync(kept.Id));
        var entry = (await Crm.Workflows.GetHistoryAsync(closed.Id))[^1];
        Assert.Equal("$merge", entry.Trigger);
        using (var payload = JsonDocument.Parse(entry.PayloadJson!))
        {
            Assert.Equal(kept.Id, payload.RootElement.GetProperty("closedInFavourOf").GetGuid());
            Assert.Equal(merged.Id, payload.RootElement.GetProperty("mergedCustomerId").GetGuid());
        }

        // Only the survivor's instance keeps its reminder; the closed one's review timeout never fires.
        await _host.AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal(2, Recorder.Count("reminded")); // kept's draft reminder and the other customer's, each once
        Assert.Equal("review", (await Crm.Workflows.GetAsync(closed.Id))!.State);
        Assert.Equal(finished.EntityId, (await Crm.Workflows.GetAsync(finished.Id))!.EntityId);
    }

    [Fact]
    public async Task MergeAsync_CompletedInstanceOfMergedCustomer_MovesAsHistory()
    {
        var survivor = await _host.CreateCustomerAsync(name: "Ada");
        var merged = await _host.CreateCustomerAsync(name: "Augusta");
        var done = await Crm.Workflows.StartAsync("approval", merged.Id);
        await Crm.Workflows.FireAsync(done.Id, "submit", """{"amount": 10}""");
        await Crm.Workflows.FireAsync(done.Id, "approve");

        await Crm.Duplicates.MergeAsync(survivor.Id, merged.Id);

        var moved = (await Crm.Workflows.GetAsync(done.Id))!;
        Assert.Equal((survivor.Id, WorkflowInstanceStatus.Completed, "approved"), (moved.EntityId, moved.Status, moved.State));
        var restarted = await Crm.Workflows.StartAsync("approval", survivor.Id);
        Assert.NotEqual(done.Id, restarted.Id);
    }
}
