using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Messaging;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Messaging;

public sealed class SchedulingTests
{
    [Fact]
    public async Task OneOffJob_RunsOnceWhenDue()
    {
        var handler = new CountingHandler();
        await using var host = await MessagingHost.CreateAsync(builder: b => b.Services.AddSingleton<IScheduledJobHandler>(handler));
        await host.Crm.Scheduler.ScheduleAsync(new JobRequest { Kind = handler.Kind, Key = "nightly-1", DueAt = host.Time.GetUtcNow().AddHours(1), Payload = """{"n":1}""" });
        await host.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(handler.Runs);
        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        await host.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Equal("""{"n":1}""", Assert.Single(handler.Runs).Payload);
        Assert.Equal(ScheduledJobStatus.Completed, (await host.Crm.Scheduler.FindAsync("nightly-1"))!.Status);
    }

    [Fact]
    public async Task RecurringJob_RunsOncePerIntervalAndSkipsMissedSlots()
    {
        var handler = new CountingHandler();
        await using var host = await MessagingHost.CreateAsync(builder: b => b.Services.AddSingleton<IScheduledJobHandler>(handler));
        var start = host.Time.GetUtcNow();
        await host.Crm.Scheduler.ScheduleAsync(new JobRequest { Kind = handler.Kind, Key = "hourly", DueAt = start.AddHours(1), RepeatEvery = TimeSpan.FromHours(1) });
        await host.AdvanceAsync(TimeSpan.FromHours(1));
        await host.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, handler.Runs.Count);
        await host.AdvanceAsync(TimeSpan.FromHours(5)); // five slots passed while "down": one run, then back on the grid
        Assert.Equal(3, handler.Runs.Count);
        var job = (await host.Crm.Scheduler.FindAsync("hourly"))!;
        Assert.Equal(ScheduledJobStatus.Pending, job.Status);
        Assert.Equal(start.AddHours(8), job.DueAt);
    }

    [Fact]
    public async Task FailingJob_IsRetriedThenMarkedFailed()
    {
        var handler = new CountingHandler { Fail = true };
        await using var host = await MessagingHost.CreateAsync(o => o.JobMaxAttempts = 3, b => b.Services.AddSingleton<IScheduledJobHandler>(handler));
        await host.Crm.Scheduler.ScheduleAsync(new JobRequest { Kind = handler.Kind, Key = "flaky", DueAt = host.Time.GetUtcNow() });
        for (var i = 0; i < 5; i++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(10));
        }

        var job = (await host.Crm.Scheduler.FindAsync("flaky"))!;
        Assert.Equal(ScheduledJobStatus.Failed, job.Status);
        Assert.Equal(3, handler.Runs.Count);
        Assert.Contains("boom", job.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangingJob_IsCancelledAtJobTimeoutAndCountsAsFailure()
    {
        var handler = new HangingHandler();
        await using var host = await MessagingHost.CreateAsync(o => { o.JobMaxAttempts = 1; o.JobTimeout = TimeSpan.FromMinutes(1); }, b => b.Services.AddSingleton<IScheduledJobHandler>(handler));
        await host.Crm.Scheduler.ScheduleAsync(new JobRequest { Kind = handler.Kind, Key = "stuck", DueAt = host.Time.GetUtcNow() });
        host.Time.Advance(TimeSpan.Zero);
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));

        var job = (await host.Crm.Scheduler.FindAsync("stuck"))!;
        Assert.Equal(ScheduledJobStatus.Failed, job.Status);
        Assert.Contains("JobTimeout", job.LastError, StringComparison.Ordinal);
    }

    private sealed class HangingHandler : IScheduledJobHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => "test.hang";

        public async Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    [Fact]
    public async Task Schedule_UnknownKindOrBadPayload_IsRejectedNamingTheField()
    {
        await using var host = await MessagingHost.CreateAsync();
        var error = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Scheduler.ScheduleAsync(new JobRequest { Kind = "nope", Key = "k", DueAt = host.Time.GetUtcNow(), Payload = "{", RepeatEvery = TimeSpan.FromMilliseconds(10) }));
        Assert.Equal(["kind", "repeatEvery", "payload"], error.Errors.Select(e => e.Path));
        Assert.Contains("crm.reminder", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_WhenDue_RecordsTaskAndRaisesEventOnce()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        var due = new List<ReminderDue>();
        using var subscription = host.Engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<ReminderDue>((e, _) => { due.Add(e); return Task.CompletedTask; });
        await host.Crm.Reminders.ScheduleAsync(new ReminderRequest { CustomerId = ada.Id, DueAt = host.Time.GetUtcNow().AddDays(2), Note = "Call about renewal", AssignedTo = "sam", Key = "renewal" });
        await host.Crm.Reminders.ScheduleAsync(new ReminderRequest { CustomerId = ada.Id, DueAt = host.Time.GetUtcNow().AddDays(3), Note = "Call about renewal", AssignedTo = "sam", Key = "renewal" });
        await host.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.Empty(due); // rescheduled to day 3 under the same key
        await host.AdvanceAsync(TimeSpan.FromDays(1));

        var reminder = Assert.Single(due);
        Assert.Equal("sam", reminder.AssignedTo);
        var task = Assert.Single((await host.Crm.Interactions.GetTimelineAsync(ada.Id)).Items);
        Assert.Equal(("task", InteractionDirection.Internal, "Call about renewal"), (task.Channel, task.Direction, task.Subject));
        Assert.Equal(task.Id, reminder.Interaction.Id);
    }

    [Fact]
    public async Task FollowUp_NoReply_RemindsOwnerAndSendsFollowUp_ReplyCancelsIt()
    {
        await using var host = await MessagingHost.CreateAsync(o => o.FollowUps.Add(new FollowUpRule { Name = "nudge", Channel = "email", After = TimeSpan.FromDays(3), TemplateId = "welcome", Note = "No answer yet" }));
        var silent = await host.CustomerAsync("Silent");
        var chatty = await host.CustomerAsync("Chatty", "chatty@example.com");
        await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = "email", CustomerId = silent.Id, TextBody = "Offer" });
        await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = "email", CustomerId = chatty.Id, TextBody = "Offer" });
        await host.DeliverDueAsync();
        await host.AdvanceAsync(TimeSpan.FromDays(1));
        await host.Crm.Messages.ReceiveAsync(new InboundMessage { Channel = "email", ExternalId = "<r@x>", SenderAddress = "chatty@example.com", TextBody = "Thanks!", ReceivedAt = host.Time.GetUtcNow() });
        await host.AdvanceAsync(TimeSpan.FromDays(2));
        await host.DeliverDueAsync();

        var silentTimeline = (await host.Crm.Interactions.GetTimelineAsync(silent.Id)).Items;
        Assert.Contains(silentTimeline, i => i.Channel == "task" && i.Subject == "No answer yet");
        Assert.Equal(2, silentTimeline.Count(i => i.Direction == InteractionDirection.Outbound));
        Assert.DoesNotContain((await host.Crm.Interactions.GetTimelineAsync(chatty.Id)).Items, i => i.Channel == "task");
        Assert.Equal(3, host.Adapter.Calls.Count); // two offers and one follow-up, which is not followed up in turn
    }

    [Fact]
    public async Task Poller_RecordsMessagesThenStoresCursor_AndPassesItNextTime()
    {
        var poller = new ScriptedPoller();
        await using var host = await MessagingHost.CreateAsync(builder: b => b.AddInboundPoller(poller));
        var tenant = host.Crm.Caller.TenantId;
        host.Engine.Provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.PollInboundForTenants.Add(tenant);
        var runner = host.Engine.Provider.GetRequiredService<InboundPollerRunner>();

        Assert.Equal(2, await runner.PollDueAsync(CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await runner.PollDueAsync(CancellationToken.None));

        Assert.Equal([null, "2"], poller.Cursors);
        Assert.Equal(2, await host.Crm.Customers.CountAsync(null));
    }

    private sealed class ScriptedPoller : IInboundPoller
    {
        public List<string?> Cursors { get; } = [];

        public string Channel => InteractionChannels.Social;

        public TimeSpan PollInterval => TimeSpan.FromSeconds(30);

        public ValueTask<InboundPollResult> PollAsync(string tenantId, string? cursor, CancellationToken cancellationToken)
        {
            Cursors.Add(cursor);
            if (cursor is not null)
            {
                return ValueTask.FromResult(new InboundPollResult([], null));
            }

            InboundMessage Mention(string id, string who) => new() { Channel = Channel, ExternalId = id, SenderAddress = who, TextBody = "hi", ReceivedAt = TestEngine.Start };
            return ValueTask.FromResult(new InboundPollResult([Mention("1", "@a@x"), Mention("2", "@b@x")], "2"));
        }
    }

    private sealed class CountingHandler : IScheduledJobHandler
    {
        public List<ScheduledJob> Runs { get; } = [];

        public bool Fail { get; init; }

        public string Kind => "test.count";

        public Task RunAsync(ScheduledJobContext context, CancellationToken cancellationToken)
        {
            Runs.Add(context.Job);
            return Fail ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }
    }
}
