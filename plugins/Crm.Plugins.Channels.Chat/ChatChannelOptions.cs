namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Configures the Slack-compatible chat channel: where outbound messages are posted and how inbound Events API requests
/// are verified. Set <see cref="WebhookUrl"/> to send, <see cref="SigningSecret"/> to receive, or both.
/// </summary>
/// <remarks>
/// Both the webhook URL (it carries a token) and the signing secret are secrets: load them from configuration or a
/// secret store. The plugin never writes them to logs or exception messages.
/// </remarks>
public sealed class ChatChannelOptions
{
    /// <summary>The post timeout used when none is configured: 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The signature age accepted when none is configured: 5 minutes, as Slack recommends.</summary>
    public static readonly TimeSpan DefaultSignatureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The number of delivered idempotency keys remembered when none is configured.</summary>
    public const int DefaultIdempotencyCacheSize = 10_000;

    /// <summary>The shortest signing secret accepted; Slack's are 32 characters.</summary>
    public const int MinSigningSecretLength = 16;

    /// <summary>Gets or sets the incoming webhook URL outbound messages are posted to.</summary>
    /// <value>The default is <see langword="null"/>: no <c>IChannelAdapter</c> is registered.</value>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Gets or sets the signing secret that verifies inbound requests (<c>X-Slack-Signature</c>).</summary>
    /// <value>The default is <see langword="null"/>: no <c>IInboundWebhookHandler</c> is registered.</value>
    public string? SigningSecret { get; set; }

    /// <summary>Gets or sets how long one webhook post may take before it counts as a transient failure.</summary>
    /// <value>The default is 10 seconds; it must lie between 1 millisecond and 5 minutes.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// Gets or sets how far a signed request's timestamp may lie from the time it was received before it is rejected
    /// as a possible replay.
    /// </summary>
    /// <value>The default is 5 minutes; it must lie between 1 second and 1 hour.</value>
    public TimeSpan SignatureTolerance { get; set; } = DefaultSignatureTolerance;

    /// <summary>Gets or sets how many delivered idempotency keys are remembered, so a retried send is posted once.</summary>
    /// <value>The default is 10,000; it must lie between 1 and 1,000,000.</value>
    public int IdempotencyCacheSize { get; set; } = DefaultIdempotencyCacheSize;

    /// <summary>Copies the options, so later changes to the caller's instance do not reach a running channel.</summary>
    /// <returns>The copy.</returns>
    internal ChatChannelOptions Clone() => (ChatChannelOptions)MemberwiseClone();
}
