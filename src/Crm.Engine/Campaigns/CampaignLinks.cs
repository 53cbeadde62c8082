using System.Text;

namespace Crm.Engine.Campaigns;

/// <summary>Builds signed tracking links under the configured base address.</summary>
internal sealed class CampaignLinks(TrackingToken tokens, Uri baseUrl)
{
    private readonly string _base = baseUrl.AbsoluteUri;

    public TrackingToken Tokens => tokens;

    public string Url(string tenantId, Guid campaignId, Guid customerId, string variant, CampaignTrackingKind kind) =>
        _base + tokens.Create(new TrackingClaims(kind, tenantId, campaignId, customerId, variant));

    /// <summary>Creates the links from the options, or returns null when tracking is not configured.</summary>
    public static CampaignLinks? From(CampaignOptions options) => options.TrackingEnabled
        ? new CampaignLinks(new TrackingToken(Encoding.UTF8.GetBytes(options.TrackingSecret!)), options.TrackingBaseUrl!)
        : null;
}
