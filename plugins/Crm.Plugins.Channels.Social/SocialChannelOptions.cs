namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Configures the Mastodon-compatible social channel: the server, the account's access token, and how mentions are
/// polled.
/// </summary>
/// <remarks>
/// The access token is a secret: load it from configuration or a secret store. The plugin never writes it to logs or
/// exception messages. It needs the <c>write:statuses</c> scope to send and <c>read:notifications</c> to poll.
/// </remarks>
public sealed class SocialChannelOptions
{
    /// <summary>The poll interval used when none is configured: 1 minute.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMinutes(1);

    /// <summary>The request timeout used when none is configured: 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The page size used when none is configured.</summary>
    public const int DefaultPageSize = 40;

    /// <summary>The largest page Mastodon serves.</summary>
    public const int MaxPageSize = 80;

    /// <summary>The number of pages one poll fetches at most when none is configured.</summary>
    public const int DefaultMaxPagesPerPoll = 5;

    /// <summary>The number of delivered idempotency keys remembered when none is configured.</summary>
    public const int DefaultIdempotencyCacheSize = 10_000;

    /// <summary>Gets or sets the server's root, such as <c>https://mastodon.example/</c>.</summary>
    /// <value>Required.</value>
    public Uri? InstanceUrl { get; set; }

    /// <summary>Gets or sets the account's access token, sent as <c>Authorization: Bearer</c>.</summary>
    /// <value>Required.</value>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Gets or sets the tenant the account's mentions belong to. The engine polls every tenant; polls for other tenants
    /// return nothing, so one account's mentions are not recorded in every tenant.
    /// </summary>
    /// <value>The default is <see langword="null"/>: every tenant polled receives the mentions (single-tenant engines).</value>
    public string? TenantId { get; set; }

    /// <summary>Gets or sets how often the engine polls for mentions.</summary>
    /// <value>The default is 1 minute; it must lie between 5 seconds and 1 day.</value>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>Gets or sets how many notifications one request asks for.</summary>
    /// <value>The default is 40; it must lie between 1 and 80.</value>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Gets or sets how many pages one poll fetches at most; a larger backlog continues at the next poll.</summary>
    /// <value>The default is 5; it must lie between 1 and 100.</value>
    public int MaxPagesPerPoll { get; set; } = DefaultMaxPagesPerPoll;

    /// <summary>Gets or sets how long one API request may take before it counts as a transient failure.</summary>
    /// <value>The default is 10 seconds; it must lie between 1 millisecond and 5 minutes.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Gets or sets how many delivered idempotency keys are remembered, so a retried send is posted once.</summary>
    /// <value>The default is 10,000; it must lie between 1 and 1,000,000.</value>
    public int IdempotencyCacheSize { get; set; } = DefaultIdempotencyCacheSize;

    /// <summary>Copies the options, so later changes to the caller's instance do not reach a running channel.</summary>
    /// <returns>The copy.</returns>
    internal SocialChannelOptions Clone() => (SocialChannelOptions)MemberwiseClone();
}
