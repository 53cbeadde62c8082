using Crm.Engine.Channels;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Campaigns;

/// <summary>Sending: the audience in batches from the store, one outbox message and recipient row per customer.</summary>
internal sealed partial class CampaignService
{
    public async Task<CampaignSendResult> SendAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        engine.Access.Demand(caller, CrmPermissions.MessagesSend);
        var now = engine.Time.GetUtcNow();
        var options = Options;
        Campaign campaign;
        Conditions.Condition filter;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            campaign = await RequireAsync(session, id, cancellationToken).ConfigureAwait(false);
            if (campaign.Status == CampaignStatus.Cancelled)
            {
                throw new CrmValidationException("status", $"campaign '{id}' is cancelled and sends nothing.", "status");
            }

            filter = await AudienceFilterAsync(session, campaign, now, cancellationToken).ConfigureAwait(false);
        }

        var variants = campaign.EffectiveVariants();
        var factory = new CampaignMessageFactory(campaign, context.Templates, CampaignLinks.From(options), caller.TenantId);
        var throttle = new SendThrottle(now, campaign.SendRatePerMinute);
        var queued = variants.ToDictionary(v => v.Name, _ => 0, StringComparer.Ordinal);
        var skipped = 0;
        DateTimeOffset? first = null, last = null;
        var query = AudienceQuery(campaign, filter, now) with { Limit = options.SendBatchSize };
        while (true)
        {
            var batch = await SendBatchAsync(query, campaign, variants, factory, throttle, now, cancellationToken).ConfigureAwait(false);
            foreach (var (variant, count) in batch.Queued)
            {
                queued[variant] += count;
            }

            skipped += batch.Skipped;
            first ??= batch.First;
            last = batch.Last ?? last;
            if (batch.LastCustomer is not { } lastCustomer)
            {
                break;
            }

            query = query with { After = lastCustomer };
        }

        var result = new CampaignSendResult(id, queued, skipped, first, last);
        await FinishSendAsync(campaign, result, now, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reads one batch of the audience and enqueues it in one transaction (or in the ambient unit of work).</summary>
    private async Task<SendBatch> SendBatchAsync(
        CampaignAudienceQuery query, Campaign campaign, IReadOnlyList<CampaignVariant> variants, CampaignMessageFactory factory, SendThrottle throttle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var customers = await session.Campaigns.ReadAudienceAsync(query, cancellationToken).ConfigureAwait(false);
                var messages = new List<OutboxMessage>(customers.Count);
                var skipped = 0;
                foreach (var customer in customers)
                {
                    var variant = VariantAssigner.Assign(variants, campaign.Id, customer.Id);
                    var message = factory.Build(customer, variant, now, throttle.Next());
                    if (message is null)
                    {
                        skipped++;
                        continue;
                    }

                    messages.Add(message);
                }

                // One batched enqueue: the provider reuses one prepared statement (or one round trip) for the whole batch.
                var stored = await session.Outbox.EnqueueManyAsync(messages, cancellationToken).ConfigureAwait(false);
                var recipients = new List<CampaignRecipient>(stored.Count);
                var queued = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < stored.Count; i++)
                {
                    var variant = stored[i].CampaignVariant ?? messages[i].CampaignVariant!;
                    recipients.Add(new CampaignRecipient(campaign.Id, messages[i].CustomerId!.Value, variant, stored[i].Id, now));
                    queued[messages[i].CampaignVariant!] = queued.GetValueOrDefault(messages[i].CampaignVariant!) + 1;
                }

                DateTimeOffset? first = messages.Count == 0 ? null : messages[0].NextAttemptAt;
                DateTimeOffset? last = messages.Count == 0 ? null : messages[^1].NextAttemptAt;
                await session.Campaigns.AddRecipientsAsync(recipients, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                var lastCustomer = customers.Count == query.Limit ? customers[^1].Id : (Guid?)null;
                return new SendBatch(queued, skipped, first, last, lastCustomer);
            }
        }
    }

    private async Task FinishSendAsync(Campaign campaign, CampaignSendResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var after = campaign with { Status = CampaignStatus.Sent, SentAt = now, UpdatedAt = now };
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Campaigns.UpdateAsync(after, cancellationToken).ConfigureAwait(false);
        }

        await PublishAsync(new CampaignSent(after, result) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        await PublishAsync(new CampaignUpdated(campaign, after) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        if (result.FirstNotBefore is { } dueAt && Dispatcher is { } dispatcher)
        {
            // Campaign messages are enqueued in bulk without a MessageQueued each; wake the dispatcher once instead.
            AmbientUnitOfWork.RunAfterCommit(engine, () => dispatcher.Notify(dueAt));
        }
    }

    private sealed record SendBatch(Dictionary<string, int> Queued, int Skipped, DateTimeOffset? First, DateTimeOffset? Last, Guid? LastCustomer);
}
