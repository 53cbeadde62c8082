namespace Crm.Engine.Campaigns;

/// <summary>What a tracking request did.</summary>
/// <param name="Accepted">Whether the token was genuine and the event recorded; a rejected token records nothing.</param>
/// <param name="Kind">The kind of link, when accepted.</param>
/// <param name="RedirectTo">Where a click goes, when accepted and the campaign has a landing address.</param>
/// <param name="Error">Why it was rejected, without the token or personal data.</param>
public sealed record CampaignTrackingResult(bool Accepted, CampaignTrackingKind? Kind, Uri? RedirectTo, string? Error)
{
    /// <summary>Creates a rejection.</summary>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static CampaignTrackingResult Rejected(string error) => new(false, null, null, error);
}
