namespace Crm.Engine.Campaigns;

/// <summary>What one send of a campaign recorded: the recipients it added, whose messages dispatch renders and queues.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Queued">Recipients recorded by this send (one message each once dispatched), per variant.</param>
/// <param name="SkippedNoAddress">
/// Audience members skipped because they have no address for the channel; the store leaves them out of the audience,
/// and dispatch counts those who lost their address since in <see cref="CampaignDispatchResult.Skipped"/>.
/// </param>
/// <param name="FirstNotBefore">The earliest not-before time given to a recipient, when any was recorded.</param>
/// <param name="LastNotBefore">The latest not-before time (throttling spreads messages up to it).</param>
public sealed record CampaignSendResult(
    Guid CampaignId,
    IReadOnlyDictionary<string, int> Queued,
    int SkippedNoAddress,
    DateTimeOffset? FirstNotBefore,
    DateTimeOffset? LastNotBefore)
{
    /// <summary>Gets the number of recipients recorded by this send.</summary>
    public int TotalQueued => Queued.Values.Sum();
}
