using Microsoft.Extensions.DependencyInjection;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Storage;

namespace Crm.Engine.Tests.Messaging;

public sealed class OutboxDispatchTests
{
    [Fact]
    public async Task Enqueue_Template_RendersForCustomerAndDeliversOnce()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        var delivered = new List<MessageDelivered>();
        using var subscription = host.Engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<MessageDelivered>((e, _) => { delivered.Add(e); return Task.CompletedTask; });

        var queued = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TemplateId = "welcome" });
        await host.DeliverDueAsync();

        var sent = Assert.Single(host.Adapter.Calls);
        Assert.Equal(ada.PrimaryEmail, sent.Recipient);
        Assert.Equal("Welcome Ada", sent.Subject);
        Assert.Equal("Hi Ada, welcome to Acme.", sent.TextBody);
        Assert.Equal("<p>Hi Ada</p>", sent.HtmlBody);
        Assert.Equal(queued.IdempotencyKey, sent.IdempotencyKey);
        var message = await host.MessageAsync(queued.Id);
        Assert.Equal(OutboxStatus.Delivered, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("provider-" + queued.IdempotencyKey, message.ProviderMessageId);
        var interaction = Assert.Single((await host.Crm.Interactions.GetTimelineAsync(ada.Id)).Items);
        Assert.Equal(InteractionDirection.Outbound, interaction.Direction);
        Assert.Equal(message.ProviderMessageId, interaction.ExternalId);
        Assert.Equal(message.InteractionId, interaction.Id);
        Assert.Equal("Delivered", interaction.Metadata["deliveryStatus"]);
        Assert.Equal(queued.Id, Assert.Single(delivered).Message.Id);
    }

    [Fact]
    public async Task Enqueue_SameIdempotencyKey_ReturnsFirstMessage()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        var request = new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "one", IdempotencyKey = "order-42" };
        var first = await host.Crm.Messages.EnqueueAsync(request);
        var second = await host.Crm.Messages.EnqueueAsync(request with { TextBody = "two" });
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("one", second.TextBody);
        Assert.Single((await host.Crm.Messages.ListAsync(new OutboxQuery())).Items);
    }

    [Fact]
    public async Task Enqueue_BadRequests_NameTheField()
    {
        await using var host = await MessagingHost.CreateAsync();
        var noPhone = await host.CustomerAsync();
        var missing = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email }));
        Assert.Contains(missing.Errors, e => e.Path == "recipient");
        Assert.Contains(missing.Errors, e => e.Path == "textBody");
        var noAddress = await Assert.ThrowsAsync<CrmValidationException>(() => host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Sms, CustomerId = noPhone.Id, TextBody = "x" }));
        Assert.Contains("no phone number", Assert.Single(noAddress.Errors).Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<CrmNotFoundException>(() => host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = noPhone.Id, TemplateId = "nope" }));
        Assert.Contains("welcome", unknown.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Crm.Messages.ListAsync(new OutboxQuery())).Items);
    }

    [Fact]
    public async Task TransientFailure_RetriesWithBackoffThenDelivers()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        host.Adapter.Then(RecordingAdapter.Transient, RecordingAdapter.Throw);
        var queued = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "hello" });
        var enqueuedAt = host.Time.GetUtcNow();
        await host.DeliverDueAsync();

        var pending = await host.MessageAsync(queued.Id);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Equal(1, pending.Attempts);
        Assert.InRange(pending.NextAttemptAt, enqueuedAt + TimeSpan.FromSeconds(15), enqueuedAt + TimeSpan.FromSeconds(45));

        await host.AdvanceAsync(TimeSpan.FromSeconds(46)); // second attempt: the adapter throws
        Assert.Equal(2, (await host.MessageAsync(queued.Id)).Attempts);
        await host.AdvanceAsync(TimeSpan.FromSeconds(91)); // third attempt: delivered

        var attempts = await host.Crm.Messages.GetAttemptsAsync(queued.Id);
        Assert.Equal([OutboxAttemptOutcome.TransientFailure, OutboxAttemptOutcome.Error, OutboxAttemptOutcome.Delivered], attempts.Select(a => a.Outcome));
        Assert.Contains("adapter bug", attempts[1].Detail, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Delivered, (await host.MessageAsync(queued.Id)).Status);
        Assert.Single(host.Adapter.Accepted);
    }

    [Fact]
    public async Task PermanentFailure_DeadLettersRecordsItAndCanBeRequeued()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        var failed = new List<MessageFailed>();
        using var subscription = host.Engine.Provider.GetRequiredService<ICrmEventBus>().Subscribe<MessageFailed>((e, _) => { failed.Add(e); return Task.CompletedTask; });
        host.Adapter.Then(RecordingAdapter.Permanent);
        var queued = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "hello" });
        await host.DeliverDueAsync();

        var dead = await host.MessageAsync(queued.Id);
        Assert.Equal(OutboxStatus.DeadLettered, dead.Status);
        Assert.Equal("550 no such mailbox", dead.LastError);
        var note = Assert.Single((await host.Crm.Interactions.GetTimelineAsync(ada.Id)).Items);
        Assert.Equal(InteractionDirection.Internal, note.Direction);
        Assert.Equal("DeadLettered", note.Metadata["deliveryStatus"]);
        Assert.Equal(OutboxStatus.DeadLettered, Assert.Single(failed).Message.Status);

        Assert.True(await host.Crm.Messages.RequeueAsync(queued.Id));
        Assert.False(await host.Crm.Messages.RequeueAsync(queued.Id));
        await host.DeliverDueAsync();
        Assert.Equal(OutboxStatus.Delivered, (await host.MessageAsync(queued.Id)).Status);
        Assert.Equal(2, (await host.Crm.Messages.GetAttemptsAsync(queued.Id)).Count);
    }

    [Fact]
    public async Task TransientFailures_DeadLetterAfterMaxAttempts()
    {
        await using var host = await MessagingHost.CreateAsync(o => o.MaxAttempts = 3);
        var ada = await host.CustomerAsync();
        host.Adapter.Then(RecordingAdapter.Transient, RecordingAdapter.Transient, RecordingAdapter.Transient, RecordingAdapter.Transient);
        var queued = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "hello" });
        await host.DeliverDueAsync();
        for (var i = 0; i < 4; i++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(10));
        }

        var dead = await host.MessageAsync(queued.Id);
        Assert.Equal(OutboxStatus.DeadLettered, dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal(3, host.Adapter.Calls.Count);
    }

    [Fact]
    public async Task Marketing_WithoutConsent_IsSuppressedAndNeverSent_WithConsent_IsSent()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        var bob = await host.CustomerAsync("Bob");
        await host.Crm.Privacy.RecordConsentAsync(bob.Id, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Granted, "signup form");
        var toAda = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "sale!", Purpose = MessagePurposes.Marketing });
        var toBob = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = bob.Id, TextBody = "sale!", Purpose = MessagePurposes.Marketing });
        await host.DeliverDueAsync();

        Assert.Equal(OutboxStatus.Suppressed, (await host.MessageAsync(toAda.Id)).Status);
        Assert.Equal(OutboxStatus.Delivered, (await host.MessageAsync(toBob.Id)).Status);
        Assert.Equal(bob.PrimaryEmail, Assert.Single(host.Adapter.Calls).Recipient);
    }

    [Fact]
    public async Task NoAdapterForChannel_StaysPendingWithReason()
    {
        await using var host = await MessagingHost.CreateAsync();
        var queued = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = "fax", Recipient = "+4930123", TextBody = "hi" });
        await host.DeliverDueAsync();
        var pending = await host.MessageAsync(queued.Id);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        var attempt = Assert.Single(await host.Crm.Messages.GetAttemptsAsync(queued.Id));
        Assert.Equal(OutboxAttemptOutcome.NoAdapter, attempt.Outcome);
        Assert.Contains("'fax'", attempt.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotBefore_HoldsTheMessageUntilDue_AndCancelStopsIt()
    {
        await using var host = await MessagingHost.CreateAsync();
        var ada = await host.CustomerAsync();
        var later = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "later", NotBefore = host.Time.GetUtcNow().AddHours(1) });
        var cancelled = await host.Crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = ada.Id, TextBody = "never", NotBefore = host.Time.GetUtcNow().AddHours(1) });
        await host.DeliverDueAsync();
        Assert.Empty(host.Adapter.Calls);
        Assert.True(await host.Crm.Messages.CancelAsync(cancelled.Id));
        await host.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal("later", Assert.Single(host.Adapter.Calls).TextBody);
        Assert.Equal(OutboxStatus.Cancelled, (await host.MessageAsync(cancelled.Id)).Status);
        Assert.Equal(OutboxStatus.Delivered, (await host.MessageAsync(later.Id)).Status);
    }
}
