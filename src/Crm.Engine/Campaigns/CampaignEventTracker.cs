using Crm.Engine.Channels;
using Crm.Engine.Events;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Tracks campaign messages from the engine's own events: delivered and failed from the outbox (a permanent failure
/// also suppresses the address as bounced), replied from inbound interactions threaded to a campaign message, and
/// converted from purchases within the attribution window of the customer's last campaign touch.
/// </summary>
internal sealed class CampaignEventTracker(CrmEngine engine) :
    ICrmEventHandler<MessageDelivered>, ICrmEventHandler<MessageFailed>, ICrmEventHandler<InteractionRecorded>, ICrmEventHandler<PurchaseRecorded>
{
    public Task HandleAsync(MessageDelivered crmEvent, CancellationToken cancellationToken) =>
        OutboxOutcomeAsync(crmEvent, crmEvent.Message, CampaignEventKind.Delivered, cancellationToken);

    public Task HandleAsync(MessageFailed crmEvent, CancellationToken cancellationToken) =>
        OutboxOutcomeAsync(crmEvent, crmEvent.Message, CampaignEventKind.Failed, cancellationToken);

    public async Task HandleAsync(InteractionRecorded crmEvent, CancellationToken cancellationToken)
    {
        var interaction = crmEvent.Interaction;
        if (interaction.Direction != InteractionDirection.Inbound || interaction.CampaignId is not { } campaignId)
        {
            return;
        }

        var caller = CrmCaller.System(crmEvent.TenantId);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (await session.Campaigns.GetAsync(campaignId, cancellationToken).ConfigureAwait(false) is null)
            {
                return;
            }

            await CampaignService.RecordAsync(engine, session, caller, new CampaignTrackingEvent(campaignId, interaction.CustomerId, CampaignEventKind.Replied, interaction.OccurredAt), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task HandleAsync(PurchaseRecorded crmEvent, CancellationToken cancellationToken)
    {
        var purchase = crmEvent.Purchase;
        var caller = CrmCaller.System(crmEvent.TenantId);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var touch = await session.Campaigns.FindLastTouchAsync(purchase.CustomerId, purchase.PurchasedAt, cancellationToken).ConfigureAwait(false);
            if (touch is null)
            {
                return;
            }

            // Revenue in another currency than the campaign's counts as a conversion without revenue: no exchange rates here.
            var amount = string.Equals(touch.Currency, purchase.Currency, StringComparison.Ordinal) ? Math.Max(purchase.Total, 0) : 0;
            await CampaignService.RecordAsync(engine, session, caller, new CampaignTrackingEvent(touch.CampaignId, purchase.CustomerId, CampaignEventKind.Converted, purchase.PurchasedAt)
            {
                Variant = touch.Variant,
                Amount = amount,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OutboxOutcomeAsync(CrmEvent crmEvent, OutboxMessage message, CampaignEventKind kind, CancellationToken cancellationToken)
    {
        if (message.CampaignId is not { } campaignId || message.CustomerId is not { } customerId)
        {
            return;
        }

        var caller = CrmCaller.System(crmEvent.TenantId);
        var session = await engine.OpenSessionAsync(caller, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (await session.Campaigns.GetAsync(campaignId, cancellationToken).ConfigureAwait(false) is null)
            {
                return;
            }

            await CampaignService.RecordAsync(engine, session, caller, new CampaignTrackingEvent(campaignId, customerId, kind, crmEvent.OccurredAt) { Variant = message.CampaignVariant }, cancellationToken).ConfigureAwait(false);
            if (kind == CampaignEventKind.Failed && message.Status == OutboxStatus.DeadLettered)
            {
                var attempts = await session.Outbox.GetAttemptsAsync(message.Id, cancellationToken).ConfigureAwait(false);
                if (attempts.Count > 0 && attempts[^1].Outcome == OutboxAttemptOutcome.PermanentFailure)
                {
                    var bounced = new Suppression(SuppressionReason.Bounced, crmEvent.OccurredAt) { Address = CampaignService.NormalizeAddress(message.Recipient) };
                    await CampaignService.AddSuppressionAsync(engine, session, caller, bounced, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
