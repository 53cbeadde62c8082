using Crm.Engine.Testing.Time;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Workflows;

public sealed class WorkflowRestartTests
{
    [Fact]
    public async Task PendingTimer_EngineRebuiltOnSameDatabase_FiresExactlyOnce()
    {
        var directory = WorkflowTestHost.NewDirectory();
        var time = new ManualTimeProvider(WorkflowTestHost.Start);
        try
        {
            Guid instanceId;
            await using (var first = await WorkflowRuntimeTests.CreateHostAsync(directory, time))
            {
                var customer = await first.CreateCustomerAsync();
                instanceId = (await first.Tenant().Workflows.StartAsync("approval", customer.Id)).Id;
                await first.Tenant().Workflows.FireAsync(instanceId, "submit", """{"amount": 5}""");
                await first.AdvanceAsync(TimeSpan.FromHours(1));
            }

            // The first engine is gone; its scheduler no longer holds a clock timer.
            Assert.Equal(0, time.ScheduledTimerCount);

            await using var second = await WorkflowRuntimeTests.CreateHostAsync(directory, time);
            var workflows = second.Tenant().Workflows;
            var pending = Assert.Single(await workflows.GetTimersAsync(instanceId));
            Assert.Equal("expire", pending.Trigger);

            await second.AdvanceAsync(TimeSpan.FromDays(2));
            await second.AdvanceAsync(TimeSpan.FromDays(2));

            var instance = await workflows.GetAsync(instanceId);
            Assert.Equal(("expired", WorkflowInstanceStatus.Completed), (instance!.State, instance.Status));
            var expired = Assert.Single(await workflows.GetHistoryAsync(instanceId), h => h.Trigger == "expire");
            Assert.Equal($"timer:{pending.Id:N}", expired.IdempotencyKey);
            Assert.True(expired.OccurredAt >= pending.DueAt, "a timer never fires before it is due");
            Assert.Empty(await workflows.GetTimersAsync(instanceId));
            Assert.Equal(1, second.Services.GetRequiredService<WorkflowTimerScheduler>().FiredCount);
        }
        finally
        {
            WorkflowTestHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task OverdueTimer_EngineStartsAfterDueTime_FiresOnStart()
    {
        var directory = WorkflowTestHost.NewDirectory();
        var time = new ManualTimeProvider(WorkflowTestHost.Start);
        try
        {
            Guid instanceId;
            await using (var first = await WorkflowRuntimeTests.CreateHostAsync(directory, time))
            {
                var customer = await first.CreateCustomerAsync();
                instanceId = (await first.Tenant().Workflows.StartAsync("approval", customer.Id)).Id;
            }

            // Time passes while no engine runs.
            time.Advance(TimeSpan.FromDays(3));
            await using var second = await WorkflowRuntimeTests.CreateHostAsync(directory, time);
            await second.WhenTimersIdleAsync();

            var history = await second.Tenant().Workflows.GetHistoryAsync(instanceId);
            Assert.Single(history, h => h.Trigger == "remind");
        }
        finally
        {
            WorkflowTestHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task TwoEngines_OnOneDatabase_FireEachDueTimerOnce()
    {
        var directory = WorkflowTestHost.NewDirectory();
        var time = new ManualTimeProvider(WorkflowTestHost.Start);
        try
        {
            await using var first = await WorkflowRuntimeTests.CreateHostAsync(directory, time);
            await using var second = await WorkflowRuntimeTests.CreateHostAsync(directory, time);
            var ids = new List<Guid>();
            for (var i = 0; i < 10; i++)
            {
                var customer = await first.CreateCustomerAsync(name: "C" + i);
                ids.Add((await first.Tenant().Workflows.StartAsync("approval", customer.Id)).Id);
            }

            time.Advance(TimeSpan.FromDays(1));
            await first.WhenTimersIdleAsync();
            await second.WhenTimersIdleAsync();
            await WorkflowTestHost.EventuallyAsync(async () =>
            {
                foreach (var id in ids)
                {
                    if ((await first.Tenant().Workflows.GetTimersAsync(id)).Count > 0)
                    {
                        return false;
                    }
                }

                return true;
            }, "every reminder timer has fired");

            foreach (var id in ids)
            {
                Assert.Single(await first.Tenant().Workflows.GetHistoryAsync(id), h => h.Trigger == "remind");
            }

            var fired = first.Services.GetRequiredService<WorkflowTimerScheduler>().FiredCount + second.Services.GetRequiredService<WorkflowTimerScheduler>().FiredCount;
            Assert.Equal(10, fired);
        }
        finally
        {
            WorkflowTestHost.DeleteDirectory(directory);
        }
    }
}
