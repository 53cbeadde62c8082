using Crm.Engine.Testing.Time;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Workflows;

public sealed class WorkflowMigrationTests : IAsyncLifetime
{
    // Version 2 forgets to map "review"; version 3 renames "review" to "underReview" and maps every state.
    private static readonly string Version2 = RuntimeDefinitions.Approval
        .Replace("\"version\": 1,", "\"version\": 2, \"migrateFrom\": { \"version\": 1, \"states\": { \"draft\": \"draft\" } },", StringComparison.Ordinal);

    private static readonly string Version3 = RuntimeDefinitions.Approval
        .Replace("\"review\"", "\"underReview\"", StringComparison.Ordinal)
        .Replace("\"version\": 1,", "\"version\": 3, \"migrateFrom\": { \"version\": 1, \"states\": { \"draft\": \"draft\", \"review\": \"underReview\", \"broken\": \"draft\" } },", StringComparison.Ordinal);

    private readonly string _directory = WorkflowTestHost.NewDirectory();
    private readonly ManualTimeProvider _time = new(WorkflowTestHost.Start);
    private WorkflowTestHost _host = null!;
    private Guid _drafted;
    private Guid _reviewed1;
    private Guid _reviewed2;

    public async Task InitializeAsync()
    {
        await using (var v1 = await WorkflowRuntimeTests.CreateHostAsync(_directory, _time))
        {
            var workflows = v1.Tenant().Workflows;
            _drafted = (await workflows.StartAsync("approval", (await v1.CreateCustomerAsync(name: "Draft")).Id)).Id;
            _reviewed1 = (await workflows.StartAsync("approval", (await v1.CreateCustomerAsync(name: "Review1")).Id)).Id;
            _reviewed2 = (await workflows.StartAsync("approval", (await v1.CreateCustomerAsync(name: "Review2")).Id)).Id;
            await workflows.FireAsync(_reviewed1, "submit", """{"amount": 1}""");
            await workflows.FireAsync(_reviewed2, "submit", """{"amount": 2}""");
        }

        _host = await WorkflowRuntimeTests.CreateHostAsync(_directory, _time, RuntimeDefinitions.Approval, Version2, Version3);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        WorkflowTestHost.DeleteDirectory(_directory);
    }

    private IWorkflowService Workflows => _host.Tenant().Workflows;

    private RecordAction Recorder => _host.Services.GetServices<IWorkflowAction>().OfType<RecordAction>().Single();

    [Fact]
    public async Task Versions_RunningInstancesKeepTheirsAndNewOnesTakeTheLatest()
    {
        var fresh = await Workflows.StartAsync("approval", (await _host.CreateCustomerAsync(name: "Fresh")).Id);
        var approved = await Workflows.FireAsync(_reviewed1, "approve");

        Assert.Equal(3, fresh.WorkflowVersion);
        Assert.Equal((1, "approved"), (approved.Instance.WorkflowVersion, approved.Instance.State));
    }

    [Fact]
    public async Task MigrateAsync_DryRunWithUnmappedStates_ListsMovesAndUnmappedCountsWithoutWriting()
    {
        var plan = await Workflows.MigrateAsync("approval", 2, dryRun: true);

        Assert.True(plan.DryRun);
        Assert.False(plan.IsValid);
        Assert.Equal((1, 2), (plan.FromVersion, plan.ToVersion));
        var move = Assert.Single(plan.Moves);
        Assert.Equal((_drafted, "draft", "draft"), (move.InstanceId, move.FromState, move.ToState));
        Assert.Equal(new Dictionary<string, int> { ["review"] = 2 }, plan.UnmappedStates);
        Assert.Equal(1, (await Workflows.GetAsync(_drafted))!.WorkflowVersion);
    }

    [Fact]
    public async Task MigrateAsync_UnmappedStates_FailsListingThemAndMovesNothing()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Workflows.MigrateAsync("approval", 2, dryRun: false));

        var unmapped = Assert.Single(error.Errors);
        Assert.Equal("$.migrateFrom.states", unmapped.Path);
        Assert.Contains("state 'review' of version 1 holds 2 running instance(s) but is not mapped", unmapped.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Workflows.GetAsync(_drafted))!.WorkflowVersion);
        Assert.Equal(2, (await Workflows.GetAsync(_reviewed1))!.Version);
    }

    [Fact]
    public async Task MigrateAsync_CompleteMap_MovesInstancesKeepsTimersAndRunsNoEntryActions()
    {
        var timerBefore = Assert.Single(await Workflows.GetTimersAsync(_reviewed1));
        var dryRun = await Workflows.MigrateAsync("approval", 3, dryRun: true);
        Assert.Equal(3, dryRun.Moves.Count);
        Assert.Equal(1, (await Workflows.GetAsync(_reviewed1))!.WorkflowVersion);

        var plan = await Workflows.MigrateAsync("approval", 3, dryRun: false);

        Assert.True(plan.IsValid);
        Assert.Equal(dryRun.Moves.OrderBy(m => m.InstanceId), plan.Moves.OrderBy(m => m.InstanceId));
        var moved = (await Workflows.GetAsync(_reviewed1))!;
        Assert.Equal((3, "underReview"), (moved.WorkflowVersion, moved.State));
        Assert.Equal((3, "draft"), ((await Workflows.GetAsync(_drafted))!.WorkflowVersion, (await Workflows.GetAsync(_drafted))!.State));
        var last = (await Workflows.GetHistoryAsync(_reviewed1))[^1];
        Assert.Equal(("$migrate", "review", "underReview", 3), (last.Trigger, last.FromState, last.ToState, last.WorkflowVersion));
        Assert.Empty(Recorder.Calls);
        var timerAfter = Assert.Single(await Workflows.GetTimersAsync(_reviewed1));
        Assert.Equal((timerBefore.Id, timerBefore.DueAt, "underReview"), (timerAfter.Id, timerAfter.DueAt, timerAfter.State));

        var approved = await Workflows.FireAsync(_reviewed1, "approve");
        Assert.Equal("approved", approved.Instance.State);
        Assert.Equal(1, Recorder.Count("exit-review"));
    }

    [Fact]
    public async Task MigrateAsync_VersionWithoutMigrateFrom_FailsClearly()
    {
        var error = await Assert.ThrowsAsync<CrmWorkflowConfigurationException>(() => Workflows.MigrateAsync("approval", 1, dryRun: true));

        Assert.Contains("declares no 'migrateFrom'", error.Message, StringComparison.Ordinal);
    }
}
