using Crm.Engine.Security;
using Crm.Engine.Storage;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Sending: the audience read as ids in one statement, a variant and a not-before time each, recorded as pending
/// recipients in batches; rendering waits for dispatch (<see cref="DispatchAsync"/>).
/// </summary>
internal sealed partial class CampaignService
{
    public async Task<CampaignSendResult> SendAsync(Guid id, CancellationToken cancellationToken = default)
    {
        engine.Access.Demand(caller, CrmPermissions.CampaignsWrite);
        engine.Access.Demand(caller, CrmPermissions.MessagesSend);
        var now = engine.Time.GetUtcNow();
        var options = Options;
        Campaign campaign;
        IReadOnlyList<Guid> audience;
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            campaign = await RequireAsync(session, id, cancellationToken).ConfigureAwait(false);
            if (campaign.Status == CampaignStatus.Cancelled)
            {
                throw new CrmValidationException("status", $"campaign '{id}' is cancelled and sends nothing.", "status");
            }

            var filter = await AudienceFilterAsync(session, campaign, now, cancellationToken).ConfigureAwait(false);

            // Ids only, in one statement: no customer row is materialized and nothing is rendered here.
            audience = await session.Campaigns.ReadAudienceIdsAsync(AudienceQuery(campaign, filter, now) with { Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false);
        }

        var variants = campaign.EffectiveVariants();
        var throttle = new SendThrottle(now, campaign.SendRatePerMinute);
        var queued = variants.ToDictionary(v => v.Name, _ => 0, StringComparer.Ordinal);
        DateTimeOffset? first = null, last = null;
        var groups = variants.ToDictionary(v => v.Name, _ => new List<CampaignRecipient>(), StringComparer.Ordinal);
        for (var start = 0; start < audience.Count; start += options.SendBatchSize)
        {
            var end = Math.Min(audience.Count, start + options.SendBatchSize);
            for (var i = start; i < end; i++)
            {
                var customerId = audience[i];
                var dueAt = throttle.Next();
                first ??= dueAt;
                last = dueAt;
                var variant = VariantAssigner.Assign(variants, campaign.Id, customerId);
                groups[variant.Name].Add(new CampaignRecipient(campaign.Id, customerId, variant.Name, null, now) { DueAt = dueAt });
            }

            await RecordBatchAsync(groups, queued, cancellationToken).ConfigureAwait(false);
        }

        var result = new CampaignSendResult(id, queued, 0, first, last);
        await FinishSendAsync(campaign, result, now, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Records one batch in one transaction (or in the ambient unit of work), one store call per variant so the count
    /// of new rows is known per variant: a concurrent send of the same campaign adds each customer only once.
    /// </summary>
    private async Task RecordBatchAsync(Dictionary<string, List<CampaignRecipient>> groups, Dictionary<string, int> queued, CancellationToken cancellationToken)
    {
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var (variant, recipients) in groups)
                {
                    if (recipients.Count > 0)
                    {
                        queued[variant] += await session.Campaigns.AddRecipientsAsync(recipients, cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var recipients in groups.Values)
        {
            recipients.Clear();
        }
    }

    private async Task FinishSendAsync(Campaign campaign, CampaignSendResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var after = campaign with { Status = CampaignStatus.Sent, SentAt = now, UpdatedAt = now };
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Campaigns.UpdateAsync(after, cancellationToken).ConfigureAwait(false);
            if (result.FirstNotBefore is { } dueAt)
            {
                await CampaignDispatchJob.ScheduleAsync(engine, session, campaign.Id, dueAt, Options, cancellationToken).ConfigureAwait(false);
            }
        }

        await PublishAsync(new CampaignSent(after, result) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
        await PublishAsync(new CampaignUpdated(campaign, after) { EventId = Guid.CreateVersion7(now), TenantId = caller.TenantId, OccurredAt = now }, cancellationToken).ConfigureAwait(false);
    }
}
