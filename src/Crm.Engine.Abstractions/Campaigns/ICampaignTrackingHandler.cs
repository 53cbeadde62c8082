namespace Crm.Engine.Campaigns;

/// <summary>
/// Handles the open pixel, click and unsubscribe links of campaign messages. The links carry a token signed with
/// HMAC-SHA256 under the key of the campaign options, naming tenant, campaign, customer, variant and kind; the host
/// exposes this handler without authentication (the signature is the authorization). Resolve it from the engine's
/// services.
/// </summary>
public interface ICampaignTrackingHandler
{
    /// <summary>Verifies a token and records what it stands for.</summary>
    /// <param name="token">The token from the link.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The outcome; a tampered, malformed or foreign token is rejected and records nothing.</returns>
    Task<CampaignTrackingResult> HandleAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies a token without recording anything, so a host can answer a GET of an unsubscribe link with a
    /// confirmation page (mail scanners follow links) and record the unsubscribe only on the POST.
    /// </summary>
    /// <param name="token">The token from the link.</param>
    /// <returns>The kind of link, or <see langword="null"/> when the token is not genuine.</returns>
    CampaignTrackingKind? Verify(string token);

    /// <summary>Creates the token of a link, as the engine puts into campaign messages.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="variant">The variant.</param>
    /// <param name="kind">The kind of link.</param>
    /// <returns>The signed token (URL-safe).</returns>
    string CreateToken(string tenantId, Guid campaignId, Guid customerId, string variant, CampaignTrackingKind kind);
}
