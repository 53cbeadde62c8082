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

    /// <summary>Gets or sets how many customers one send batch reads and enqueues in one transaction (1 to 10 000); default 2 000.</summary>
    public int SendBatchSize { get; set; } = 2_000;

    /// <summary>Gets whether tracking links are configured.</summary>
    internal bool TrackingEnabled => !string.IsNullOrEmpty(TrackingSecret) && TrackingBaseUrl is not null;
}
