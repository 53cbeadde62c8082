namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>Outbound webhook subscriptions and the signature format.</summary>
public sealed class OutboundWebhookOptions
{
    /// <summary>The outbox channel webhook deliveries travel on.</summary>
    public const string Channel = "webhook";

    /// <summary>The header carrying <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
    public const string SignatureHeader = "X-Crm-Signature";

    /// <summary>The header carrying the event name.</summary>
    public const string EventHeader = "X-Crm-Event";

    /// <summary>The header carrying the event id (stable across retries; receivers de-duplicate on it).</summary>
    public const string EventIdHeader = "X-Crm-Event-Id";

    /// <summary>The outbox message header naming the subscription (not sent to the receiver).</summary>
    internal const string SubscriptionHeader = "X-Crm-Subscription";

    /// <summary>Gets the subscriptions.</summary>
    public IList<OutboundWebhookSubscription> Subscriptions { get; } = [];

    /// <summary>Gets or sets how long one delivery may take. Default ten seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
