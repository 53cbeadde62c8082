namespace Crm.Engine.Campaigns;

/// <summary>How far a campaign's sends have been dispatched, counted by the store from its recipients.</summary>
/// <param name="Pending">Recipients whose message is not rendered yet.</param>
/// <param name="Queued">Recipients whose message is in the outbox (or was sent).</param>
/// <param name="Skipped">Recipients left out at dispatch (consent withdrawn, suppressed, no address, customer gone).</param>
/// <param name="Cancelled">Recipients still pending when the campaign was cancelled.</param>
/// <param name="NextDueAt">The earliest not-before time of a pending recipient, when any is pending.</param>
public sealed record CampaignRecipientCounts(long Pending, long Queued, long Skipped, long Cancelled, DateTimeOffset? NextDueAt)
{
    /// <summary>Gets every recipient the campaign's sends recorded.</summary>
    public long Total => Pending + Queued + Skipped + Cancelled;
}
