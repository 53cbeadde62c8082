namespace Crm.Engine.Campaigns;

/// <summary>Configures campaign sending and tracking; set with <see cref="CampaignCrmEngineBuilderExtensions.ConfigureCampaigns"/>.</summary>
public sealed class CampaignOptions
{
    /// <summary>
    /// Gets or sets the secret tracking tokens are signed with (HMAC-SHA256), at least 32 characters; never logged.
    /// Without it, campaign messages carry no tracking links and every tracking request is rejected.
    /// </summary>
    public string? TrackingSecret { get; set; }

    /// <summary>
    /// Gets or sets the absolute base address of the host's tracking endpoint, ending with a slash, such as
    /// <c>https://crm.example.com/crm/campaigns/t/</c>; a token is appended to it.
    /// </summary>
    public Uri? TrackingBaseUrl { get; set; }

    /// <summary>
    /// Gets or sets how many recipients one send batch records, and one dispatch chunk renders and enqueues, in one
    /// transaction (1 to 10 000); default 2 000.
    /// </summary>
    public int SendBatchSize { get; set; } = 2_000;

    /// <summary>
    /// Gets or sets how far ahead of their not-before time dispatch renders throttled messages into the outbox (the
    /// outbox still holds each until its time); at least <see cref="DispatchInterval"/>, at most one day; default 2 minutes.
    /// </summary>
    public TimeSpan DispatchLookahead { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how often a campaign's dispatch job runs while recipients are pending (1 second to 1 hour);
    /// default 1 minute.
    /// </summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets whether tracking links are configured.</summary>
    internal bool TrackingEnabled => !string.IsNullOrEmpty(TrackingSecret) && TrackingBaseUrl is not null;
}
