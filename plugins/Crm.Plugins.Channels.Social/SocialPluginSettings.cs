namespace Crm.Plugins.Channels.Social;

/// <summary>
/// The plugin's settings as operators write them (see the schema in plugin.json); mapped onto
/// <see cref="SocialChannelOptions"/>, which validates them.
/// </summary>
internal sealed class SocialPluginSettings
{
    public Uri? InstanceUrl { get; set; }

    public string? AccessToken { get; set; }

    public string? TenantId { get; set; }

    public int PollIntervalSeconds { get; set; } = (int)SocialChannelOptions.DefaultPollInterval.TotalSeconds;

    public int PageSize { get; set; } = SocialChannelOptions.DefaultPageSize;

    public int MaxPagesPerPoll { get; set; } = SocialChannelOptions.DefaultMaxPagesPerPoll;

    public int TimeoutSeconds { get; set; } = (int)SocialChannelOptions.DefaultTimeout.TotalSeconds;

    public int IdempotencyCacheSize { get; set; } = SocialChannelOptions.DefaultIdempotencyCacheSize;

    public void ApplyTo(SocialChannelOptions options)
    {
        options.InstanceUrl = InstanceUrl;
        options.AccessToken = AccessToken;
        options.TenantId = TenantId;
        options.PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds);
        options.PageSize = PageSize;
        options.MaxPagesPerPoll = MaxPagesPerPoll;
        options.Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
        options.IdempotencyCacheSize = IdempotencyCacheSize;
    }
}
