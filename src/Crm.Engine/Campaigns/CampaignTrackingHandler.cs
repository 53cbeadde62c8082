using Crm.Engine.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Verifies tracking tokens and records opens, clicks and unsubscribes under the token's tenant. An unsubscribe
/// withdraws consent for the campaign's channel and purpose and puts the customer on the suppression list, in one
/// transaction.
/// </summary>
internal sealed partial class CampaignTrackingHandler(CrmEngine engine, IOptions<CampaignOptions> options, ILogger<CampaignTrackingHandler> logger) : ICampaignTrackingHandler
{
    private readonly CampaignLinks? _links = CampaignLinks.From(options.Value);

    public string CreateToken(string tenantId, Guid campaignId, Guid customerId, string variant, CampaignTrackingKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(variant);
        var links = _links ?? throw new InvalidOperationException("Campaign tracking is not configured: set CampaignOptions.TrackingSecret and TrackingBaseUrl.");
        return links.Tokens.Create(new TrackingClaims(kind, tenantId, campaignId, customerId, variant));
    }

    public CampaignTrackingKind? Verify(string token) => _links?.Tokens.Verify(token ?? "").Claims?.Kind;

    public async Task<CampaignTrackingResult> HandleAsync(string token, CancellationToken cancellationToken = default)
    {
        if (_links is null)
        {
            return CampaignTrackingResult.Rejected("Campaign tracking is not configured.");
        }

        var (claims, error) = _links.Tokens.Verify(token ?? "");
        if (claims is null)
        {
            Log.Rejected(logger, error!);
            return CampaignTrackingResult.Rejected(error!);
        }

        var caller = CrmCaller.System(claims.TenantId);
        var crm = engine.ForCaller(caller);
        var now = engine.Time.GetUtcNow();
        Campaign? campaign = null;
        await crm.TransactAsync(
            async ct =>
            {
                var session = await engine.OpenSessionAsync(caller, ct).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    campaign = await session.Campaigns.GetAsync(claims.CampaignId, ct).ConfigureAwait(false);
                    if (campaign is null)
                    {
                        return;
                    }

                    var kind = claims.Kind switch
                    {
                        CampaignTrackingKind.Open => CampaignEventKind.Opened,
                        CampaignTrackingKind.Click => CampaignEventKind.Clicked,
                        _ => CampaignEventKind.Unsubscribed,
                    };
                    if (kind == CampaignEventKind.Unsubscribed)
                    {
                        await UnsubscribeAsync(crm, session, caller, campaign, claims.CustomerId, now, ct).ConfigureAwait(false);
                    }

                    await CampaignService.RecordAsync(engine, session, caller, new CampaignTrackingEvent(campaign.Id, claims.CustomerId, kind, now) { Variant = claims.Variant }, ct).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (campaign is null)
        {
            Log.Rejected(logger, "unknown campaign");
            return CampaignTrackingResult.Rejected("The campaign no longer exists.");
        }

        Log.Tracked(logger, claims.Kind, claims.CampaignId, claims.TenantId);
        return new CampaignTrackingResult(true, claims.Kind, claims.Kind == CampaignTrackingKind.Click ? campaign.LandingUrl : null, null);
    }

    private async Task UnsubscribeAsync(ICrmContext crm, IStorageSession session, CrmCaller caller, Campaign campaign, Guid customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await session.Customers.GetAsync(customerId, cancellationToken).ConfigureAwait(false) is not null)
        {
            await crm.Privacy.RecordConsentAsync(customerId, campaign.Channel, campaign.Purpose, ConsentStatus.Withdrawn, "unsubscribe-link", cancellationToken).ConfigureAwait(false);
        }

        await CampaignService.AddSuppressionAsync(engine, session, caller, new Suppression(SuppressionReason.Unsubscribed, now) { CustomerId = customerId }, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Campaign tracking {Kind} recorded for campaign {CampaignId} in tenant {TenantId}")]
        public static partial void Tracked(ILogger logger, CampaignTrackingKind kind, Guid campaignId, string tenantId);

        // The token itself is never logged: it is a bearer credential for the customer's links.
        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Campaign tracking request rejected: {Reason}")]
        public static partial void Rejected(ILogger logger, string reason);
    }
}
