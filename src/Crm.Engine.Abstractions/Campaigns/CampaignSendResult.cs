namespace Crm.Engine.Campaigns;

/// <summary>What one send of a campaign enqueued.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Queued">Messages enqueued by this send, per variant.</param>
/// <param name="SkippedNoAddress">Audience members skipped because they have no address for the channel.</param>
/// <param name="FirstNotBefore">The earliest not-before time given to a message, when any was enqueued.</param>
/// <param name="LastNotBefore">The latest not-before time (throttling spreads messages up to it).</param>
public sealed record CampaignSendResult(
    Guid CampaignId,
    IReadOnlyDictionary<string, int> Queued,
    int SkippedNoAddress,
    DateTimeOffset? FirstNotBefore,
    DateTimeOffset? LastNotBefore)
{
    /// <summary>Gets the number of messages enqueued by this send.</summary>
    public int TotalQueued => Queued.Values.Sum();
}
