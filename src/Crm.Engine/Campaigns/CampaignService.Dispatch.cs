using Crm.Engine.Channels;
using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Dispatch: pending recipients due within the lookahead, in chunks of one transaction each, checked again for consent
/// and suppression, rendered with the customer's current data and enqueued, the recipient marked in the same
/// transaction.
/// </summary>
internal sealed partial class CampaignService
{
    public async Task<CampaignDispatchResult> DispatchAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        engine.Access.Demand(caller, CrmPermissions.MessagesSend);
        var now = engine.Time.GetUtcNow();
        var options = Options;
        Campaign campaign;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            campaign = await RequireAsync(session, id, cancellationToken).ConfigureAwait(false);
        }

        var queued = campaign.EffectiveVariants().ToDictionary(v => v.Name, _ => 0, StringComparer.Ordinal);
        var skipped = 0;
        DateTimeOffset? firstDue = null;
        if (campaign.Status != CampaignStatus.Cancelled)
        {
            var factory = new CampaignMessageFactory(campaign, context.Templates, CampaignLinks.From(options), caller.TenantId);
            var query = new CampaignDispatchQuery
            {
                CampaignId = campaign.Id,
                Channel = campaign.Channel,
                Purpose = campaign.Purpose,
                DueBy = now + options.DispatchLookahead,
                Limit = options.SendBatchSize,
            };
            while (true)
            {
                var chunk = await DispatchChunkAsync(campaign, factory, query, queued, now, cancellationToken).ConfigureAwait(false);
                skipped += chunk.Skipped;
                firstDue = Earliest(firstDue, chunk.FirstDue);
                if (chunk.Read < query.Limit)
                {
                    break;
                }
            }
        }

        CampaignRecipientCounts progress;
        session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            progress = await session.Campaigns.CountRecipientsAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var result = new CampaignDispatchResult(id, queued, skipped, progress);
        if (result.TotalQueued + skipped > 0)
        {
            await PublishAsync(new CampaignDispatched(id, result) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        }

        if (firstDue is { } dueAt && Dispatcher is { } dispatcher)
        {
            // Campaign messages are enqueued in bulk without a MessageQueued each; wake the outbox dispatcher once instead.
            AmbientUnitOfWork.RunAfterCommit(engine, () => dispatcher.Notify(dueAt));
        }

        return result;
    }

    public async Task<CampaignRecipientCounts> GetSendProgressAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsRead);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            _ = await RequireAsync(session, id, cancellationToken).ConfigureAwait(false);
            return await session.Campaigns.CountRecipientsAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Dispatches one chunk in one transaction (or in the ambient unit of work).</summary>
    private async Task<DispatchChunk> DispatchChunkAsync(
        Campaign campaign, CampaignMessageFactory factory, CampaignDispatchQuery query, Dictionary<string, int> queued, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var variants = campaign.EffectiveVariants();
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var candidates = await session.Campaigns.ReadDueRecipientsAsync(query, cancellationToken).ConfigureAwait(false);
                var messages = new List<OutboxMessage>(candidates.Count);
                var outcomes = new List<CampaignRecipientOutcome>(candidates.Count);
                DateTimeOffset? firstDue = null;
                foreach (var candidate in candidates)
                {
                    var recipient = candidate.Recipient;
                    var message = candidate is { Customer: { } customer, HasConsent: true, Suppressed: false }
                        ? factory.Build(customer, VariantNamed(variants, recipient), now, recipient.DueAt)
                        : null;
                    if (message is null)
                    {
                        outcomes.Add(new CampaignRecipientOutcome(recipient.CustomerId, CampaignRecipientStatus.Skipped, null, now));
                        continue;
                    }

                    messages.Add(message);
                    firstDue = Earliest(firstDue, message.NextAttemptAt);
                }

                // One batched enqueue; a message whose idempotency key was used already (a recipient dispatched by an
                // old-style send) comes back as the earlier message, so the recipient points at it and nobody gets two.
                var stored = await session.Outbox.EnqueueManyAsync(messages, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < stored.Count; i++)
                {
                    outcomes.Add(new CampaignRecipientOutcome(messages[i].CustomerId!.Value, CampaignRecipientStatus.Queued, stored[i].Id, now));
                }

                var completed = await session.Campaigns.CompleteRecipientsAsync(campaign.Id, outcomes, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var message in messages)
                {
                    queued[message.CampaignVariant!] = queued.GetValueOrDefault(message.CampaignVariant!) + 1;
                }

                return new DispatchChunk(completed == 0 ? 0 : candidates.Count, outcomes.Count - messages.Count, firstDue);
            }
        }
    }

    /// <summary>The recipient's recorded variant; should the campaign no longer have it, the one the assigner picks now.</summary>
    private static CampaignVariant VariantNamed(IReadOnlyList<CampaignVariant> variants, CampaignRecipient recipient)
    {
        foreach (var variant in variants)
        {
            if (string.Equals(variant.Name, recipient.Variant, StringComparison.Ordinal))
            {
                return variant;
            }
        }

        return VariantAssigner.Assign(variants, recipient.CampaignId, recipient.CustomerId);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a < b ? a : b);

    /// <param name="Read">Candidates read; 0 when none of them was still pending (another dispatcher took them), which ends the loop.</param>
    /// <param name="Skipped">Candidates skipped.</param>
    /// <param name="FirstDue">The earliest not-before time of a message queued.</param>
    private sealed record DispatchChunk(int Read, int Skipped, DateTimeOffset? FirstDue);
}
