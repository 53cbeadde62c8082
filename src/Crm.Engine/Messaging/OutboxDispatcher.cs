using System.Diagnostics;
using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Messaging;

/// <summary>
/// Sends outbox messages: claims due messages of every tenant with a lease, checks consent, sends through the channel's
/// adapter, and records the attempt (and, once final, an interaction) in one transaction that only commits while the
/// lease is still ours. A process that dies mid-send leaves the message leased; after the lease expires any instance
/// sends it again with the same idempotency key, which the adapter or provider uses to drop the duplicate.
/// </summary>
internal sealed class OutboxDispatcher(
    CrmEngine engine,
    ChannelRouter router,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher> logger) : ICrmEngineComponent, ICrmEventHandler<MessageQueued>, IDisposable
{
    private const string Actor = "outbox";
    private DueWorkLoop? _loop;
    private long _attempts;

    private MessagingOptions Settings => options.Value;

    /// <summary>Gets how many attempts this dispatcher recorded; for tests and diagnostics.</summary>
    internal long AttemptCount => Interlocked.Read(ref _attempts);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Settings.DispatchOutbox)
        {
            return;
        }

        try
        {
            await engine.Storage.GetNextOutboxDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            MessagingLog.OutboxNotSupported(logger, engine.Storage.Name);
            return;
        }

        _loop = new DueWorkLoop(engine.Time, DispatchDueAsync, engine.Storage.GetNextOutboxDueAsync, () => Settings.PollInterval, e => MessagingLog.RoundFailed(logger, e));
        MessagingLog.DispatcherStarted(logger, Settings.InstanceId);
        _loop.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => _loop?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose() => _loop?.Dispose();

    /// <summary>Wakes the dispatcher for a message committed by this process, so it need not wait for the poll.</summary>
    public Task HandleAsync(MessageQueued crmEvent, CancellationToken cancellationToken)
    {
        Notify(crmEvent.Message.NextAttemptAt);
        return Task.CompletedTask;
    }

    /// <summary>Tells the dispatcher a message falls due at <paramref name="dueAt"/>.</summary>
    internal void Notify(DateTimeOffset dueAt) => _loop?.Notify(dueAt);

    /// <summary>Waits until no dispatch round is running; for tests that advance a manual clock.</summary>
    internal Task WhenIdleAsync() => _loop?.WhenIdleAsync() ?? Task.CompletedTask;

    /// <summary>Claims and sends everything due now, outside the loop; for benchmarks and tools that drive dispatch themselves.</summary>
    internal Task<DateTimeOffset> DispatchDueNowAsync(CancellationToken cancellationToken) => DispatchDueAsync(cancellationToken);

    private async Task<DateTimeOffset> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = Settings;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentSends, CancellationToken = cancellationToken };
        while (true)
        {
            var claim = new LeaseClaim(engine.Time.GetUtcNow(), settings.InstanceId, settings.LeaseDuration, settings.BatchSize);
            var claimed = await engine.Storage.ClaimDueOutboxMessagesAsync(claim, cancellationToken).ConfigureAwait(false);
            var sent = new Sent[claimed.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count), parallel, async (i, token) => sent[i] = await SendAsync(claimed[i].Message, token).ConfigureAwait(false)).ConfigureAwait(false);

            // The batch's outcomes are recorded in one transaction per tenant rather than one per message: a commit is
            // what a send costs most on an embedded database. A crash before the commit only means more resends,
            // which the idempotency keys suppress.
            foreach (var tenant in sent.GroupBy(s => s.Message.TenantId, StringComparer.Ordinal))
            {
                try
                {
                    await RecordAsync(tenant.Key, tenant.ToList(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    foreach (var item in tenant)
                    {
                        MessagingLog.RecordFailed(logger, e, item.Message.Id);
                    }
                }
            }

            if (claimed.Count < settings.BatchSize)
            {
                return claim.Now;
            }
        }
    }

    private async Task<Sent> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var activity = CrmDiagnostics.ActivitySource.StartActivity("crm.outbox.send");
        activity?.SetTag("crm.tenant", message.TenantId);
        activity?.SetTag("crm.channel", message.Channel);
        var startedAt = engine.Time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var (outcome, detail, providerId) = await AttemptAsync(message, cancellationToken).ConfigureAwait(false);
        var duration = Stopwatch.GetElapsedTime(started);
        var attempt = new OutboxAttempt(message.Id, message.Attempts + 1, startedAt, outcome, detail, providerId, duration);
        var now = engine.Time.GetUtcNow();
        var status = NextStatus(outcome, attempt.Number);
        var nextAttemptAt = status == OutboxStatus.Pending
            ? now + RetryBackoff.Delay(AttemptInRound(attempt.Number), Settings.RetryBaseDelay, Settings.RetryMaxDelay, 0.5, Random.Shared.NextDouble())
            : message.NextAttemptAt;
        Interlocked.Increment(ref _attempts);
        MessagingMetrics.Attempts.Add(1, new KeyValuePair<string, object?>("channel", message.Channel), new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        MessagingMetrics.SendDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("channel", message.Channel));
        MessagingLog.Attempted(logger, message.Id, message.Channel, attempt.Number, outcome, message.TenantId);
        return new Sent(message, attempt, status, nextAttemptAt, now);
    }

    private async Task<(OutboxAttemptOutcome Outcome, string? Detail, string? ProviderId)> AttemptAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (MessagePurposes.RequiresConsent(message.Purpose) && !await HasConsentAsync(message, cancellationToken).ConfigureAwait(false))
        {
            MessagingLog.Suppressed(logger, message.Id, message.Channel, message.Purpose, message.TenantId);
            return (OutboxAttemptOutcome.Suppressed, $"No consent for '{message.Purpose}' messages on '{message.Channel}'.", null);
        }

        var outbound = new OutboundMessage
        {
            TenantId = message.TenantId,
            CustomerId = message.CustomerId,
            Recipient = message.Recipient,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            IdempotencyKey = message.IdempotencyKey,
            Headers = message.Headers,
        };
        try
        {
            var result = await router.SendAsync(message.Channel, outbound, cancellationToken).ConfigureAwait(false);
            return result switch
            {
                null => (OutboxAttemptOutcome.NoAdapter, $"No channel adapter serves '{message.Channel}': register one with AddChannelAdapter or load a channel plugin.", null),
                { IsDelivered: true } => (OutboxAttemptOutcome.Delivered, null, result.ProviderMessageId),
                { FailureKind: DeliveryFailureKind.Permanent } => (OutboxAttemptOutcome.PermanentFailure, result.FailureReason, null),
                _ => (OutboxAttemptOutcome.TransientFailure, result.FailureReason, null),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An adapter fault is one failed attempt of one message, never the dispatcher's end.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (OutboxAttemptOutcome.Error, $"{e.GetType().Name}: {e.Message}", null);
        }
    }

    private OutboxStatus NextStatus(OutboxAttemptOutcome outcome, int attemptNumber) => outcome switch
    {
        OutboxAttemptOutcome.Delivered => OutboxStatus.Delivered,
        OutboxAttemptOutcome.Suppressed => OutboxStatus.Suppressed,
        OutboxAttemptOutcome.PermanentFailure => OutboxStatus.DeadLettered,
        _ => AttemptInRound(attemptNumber) >= Settings.MaxAttempts ? OutboxStatus.DeadLettered : OutboxStatus.Pending,
    };

    /// <summary>
    /// Numbers attempts within the current round: a requeued dead letter keeps its attempt count (so attempt numbers
    /// stay unique in its history) but gets a fresh set of <see cref="MessagingOptions.MaxAttempts"/> and backoff.
    /// </summary>
    private int AttemptInRound(int attemptNumber) => ((attemptNumber - 1) % Settings.MaxAttempts) + 1;

    private async Task<bool> HasConsentAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.CustomerId is not { } customerId)
        {
            return false; // consent is recorded per customer: an unknown recipient has given none
        }

        var session = await engine.Storage.OpenSessionAsync(message.TenantId, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var latest = await session.Privacy.GetLatestConsentAsync(customerId, message.Channel, message.Purpose, cancellationToken).ConfigureAwait(false);
            return latest?.Status == ConsentStatus.Granted;
        }
    }

    private async Task RecordAsync(string tenantId, List<Sent> batch, CancellationToken cancellationToken)
    {
        var recorded = new List<(Sent Item, Interaction? Interaction)>(batch.Count);
        var session = await engine.Storage.OpenSessionAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var item in batch)
                {
                    var message = item.Message;
                    var interaction = item.Status != OutboxStatus.Pending && message.CustomerId is { } customerId
                        ? FinalInteraction(message, customerId, item.Attempt, item.Status, item.Now)
                        : null;
                    var result = new OutboxAttemptResult(item.Attempt, Settings.InstanceId, item.Status, item.NextAttemptAt, interaction?.Id);
                    if (!await session.Outbox.RecordAttemptAsync(result, cancellationToken).ConfigureAwait(false))
                    {
                        MessagingLog.LeaseLost(logger, message.Id, Settings.InstanceId); // nothing was written for it
                        continue;
                    }

                    if (interaction is not null && await session.Customers.GetAsync(interaction.CustomerId, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        interaction = await session.Interactions.InsertAsync(interaction, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        interaction = null; // the customer was deleted after the message was enqueued
                    }

                    recorded.Add((item, interaction));
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var (item, interaction) in recorded)
        {
            await PublishAsync(item.Message, item.Attempt, item.Status, interaction, item.Now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PublishAsync(OutboxMessage message, OutboxAttempt attempt, OutboxStatus status, Interaction? interaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status == OutboxStatus.Pending)
        {
            return;
        }

        if (status == OutboxStatus.DeadLettered)
        {
            MessagingLog.DeadLettered(logger, message.Id, message.Channel, attempt.Number, attempt.Detail, message.TenantId);
        }

        var final = message with
        {
            Status = status,
            Attempts = attempt.Number,
            LastError = attempt.Detail,
            ProviderMessageId = attempt.ProviderMessageId,
            InteractionId = interaction?.Id,
            UpdatedAt = now,
        };
        if (interaction is not null)
        {
            await engine.EventBus.PublishAsync(new InteractionRecorded(interaction) { EventId = Guid.CreateVersion7(now), TenantId = message.TenantId, OccurredAt = now, Actor = Actor }, cancellationToken).ConfigureAwait(false);
        }

        CrmEvent done = status == OutboxStatus.Delivered
            ? new MessageDelivered(final) { EventId = Guid.CreateVersion7(now), TenantId = message.TenantId, OccurredAt = now, Actor = Actor }
            : new MessageFailed(final) { EventId = Guid.CreateVersion7(now), TenantId = message.TenantId, OccurredAt = now, Actor = Actor };
        await engine.EventBus.PublishAsync(done, cancellationToken).ConfigureAwait(false);
    }

    private static Interaction FinalInteraction(OutboxMessage message, Guid customerId, OutboxAttempt attempt, OutboxStatus status, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["outboxMessageId"] = message.Id.ToString("D", CultureInfo.InvariantCulture),
            ["deliveryStatus"] = status.ToString(),
            ["attempts"] = attempt.Number.ToString(CultureInfo.InvariantCulture),
            ["purpose"] = message.Purpose,
            ["recipient"] = message.Recipient,
        };
        if (message.TemplateId is not null)
        {
            metadata["templateId"] = message.TemplateId;
        }

        if (message.CampaignVariant is not null)
        {
            metadata["campaignVariant"] = message.CampaignVariant;
        }

        if (attempt.Detail is not null)
        {
            metadata["failure"] = attempt.Detail;
        }

        return new Interaction
        {
            Id = Guid.CreateVersion7(now),
            TenantId = message.TenantId,
            CustomerId = customerId,
            Channel = message.Channel,

            // Only a delivered message reached the customer; a failed one is a note on the timeline, so it does not
            // count as contact in segments over outbound interactions.
            Direction = status == OutboxStatus.Delivered ? InteractionDirection.Outbound : InteractionDirection.Internal,
            OccurredAt = now,
            Subject = message.Subject,
            Body = message.TextBody,
            ExternalId = status == OutboxStatus.Delivered ? attempt.ProviderMessageId : null,
            Metadata = metadata,
            DealId = message.DealId,
            CaseId = message.CaseId,
            CampaignId = message.CampaignId,
            CreatedAt = now,
        };
    }

    /// <summary>One message's send: the attempt and the state it moves the message to.</summary>
    private sealed record Sent(OutboxMessage Message, OutboxAttempt Attempt, OutboxStatus Status, DateTimeOffset NextAttemptAt, DateTimeOffset Now);
}
