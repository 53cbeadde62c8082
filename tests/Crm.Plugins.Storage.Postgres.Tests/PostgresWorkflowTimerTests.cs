using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>What the workflow kit cannot see: that claims skip rows other claimers hold instead of waiting for them.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresWorkflowTimerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ClaimDueTimers_RowLockedByAnotherTransaction_IsSkippedWithoutWaiting()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        await provider.InitializeAsync(None);
        var timers = new List<WorkflowTimer>();
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            var instance = await session.Workflows.InsertAsync(new WorkflowInstance
            {
                Id = Guid.NewGuid(),
                TenantId = "t",
                WorkflowId = "w",
                WorkflowVersion = 1,
                EntityKind = "lead",
                EntityId = Guid.NewGuid(),
                State = "new",
                CreatedAt = Now,
                UpdatedAt = Now,
            }, None);
            for (var i = 0; i < 3; i++)
            {
                var timer = new WorkflowTimer { Id = Guid.NewGuid(), TenantId = "t", InstanceId = instance.Id, Trigger = "tick", State = "new", DueAt = Now.AddSeconds(i), CreatedAt = Now };
                await session.Workflows.AddTimerAsync(timer, None);
                timers.Add(timer);
            }
        }

        // Another scheduler is in the middle of claiming the earliest timer: its row is locked until that transaction ends.
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync();
        await using var held = await blocker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM workflow_timers WHERE id = @id FOR UPDATE;", blocker, held))
        {
            lockRow.Parameters.AddWithValue("id", timers[0].Id);
            await lockRow.ExecuteNonQueryAsync();
        }

        // A claim that waited for the lock would run into this limit instead of returning.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var claimed = await provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(Now.AddMinutes(1), "engine-b", TimeSpan.FromMinutes(5), 10), limit.Token);

        Assert.Equal([timers[1].Id, timers[2].Id], claimed.Select(c => c.Timer.Id));
        await held.RollbackAsync();
        var later = await provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(Now.AddMinutes(1), "engine-c", TimeSpan.FromMinutes(5), 10), None);
        Assert.Equal(timers[0].Id, Assert.Single(later).Timer.Id);
        Assert.Equal(Now, await provider.GetNextWorkflowTimerDueAsync(None));
    }

    [Fact]
    public async Task Timers_SubMicrosecondDueTimes_RoundTripAndClaimAtFullPrecision()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        await provider.InitializeAsync(None);
        var due = Now.AddTicks(7);
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            var instance = await session.Workflows.InsertAsync(new WorkflowInstance
            {
                Id = Guid.NewGuid(),
                TenantId = "t",
                WorkflowId = "w",
                WorkflowVersion = 1,
                EntityKind = "lead",
                EntityId = Guid.NewGuid(),
                State = "new",
                CreatedAt = Now.AddTicks(3),
                UpdatedAt = Now.AddTicks(5),
            }, None);
            Assert.Equal((Now.AddTicks(3), Now.AddTicks(5)), ((await session.Workflows.GetAsync(instance.Id, None))!.CreatedAt, (await session.Workflows.GetAsync(instance.Id, None))!.UpdatedAt));
            await session.Workflows.AddTimerAsync(new WorkflowTimer { Id = Guid.NewGuid(), TenantId = "t", InstanceId = instance.Id, Trigger = "tick", State = "new", DueAt = due, CreatedAt = Now }, None);
        }

        Assert.Equal(due, await provider.GetNextWorkflowTimerDueAsync(None));
        Assert.Empty(await provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(due.AddTicks(-1), "a", TimeSpan.FromTicks(5), 10), None));
        var claimed = Assert.Single(await provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(due, "a", TimeSpan.FromTicks(5), 10), None));
        Assert.Equal((due, due.AddTicks(5)), (claimed.Timer.DueAt, claimed.LeaseExpiresAt));
        Assert.Empty(await provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(due.AddTicks(4), "b", TimeSpan.FromMinutes(1), 10), None));
        Assert.Single(await provider.ClaimDueWorkflowTimersAsync(new WorkflowTimerClaim(due.AddTicks(5), "b", TimeSpan.FromMinutes(1), 10), None));
    }
}
