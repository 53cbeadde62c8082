namespace Crm.Engine.Campaigns;

/// <summary>What one dispatch of a campaign did.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Queued">Messages rendered and put in the outbox, per variant.</param>
/// <param name="Skipped">Recipients left out because consent was withdrawn, they were suppressed, had no address, or are gone.</param>
/// <param name="Progress">The campaign's recipients by status afterwards (those still pending fall due later than the dispatch looked).</param>
public sealed record CampaignDispatchResult(Guid CampaignId, IReadOnlyDictionary<string, int> Queued, int Skipped, CampaignRecipientCounts Progress)
{
    /// <summary>Gets the number of messages this dispatch queued.</summary>
    public int TotalQueued => Queued.Values.Sum();
}
