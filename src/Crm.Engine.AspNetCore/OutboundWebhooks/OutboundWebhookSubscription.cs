namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>A receiver of domain events: where to post them, the secret they are signed with, and which ones.</summary>
public sealed class OutboundWebhookSubscription
{
    /// <summary>Gets or sets the subscription's id; deliveries name it so the signing secret stays out of the outbox.</summary>
    public required string Id { get; set; }

    /// <summary>Gets or sets the absolute http(s) URL events are posted to.</summary>
    public required Uri Url { get; set; }

    /// <summary>Gets or sets the shared secret the HMAC-SHA256 signature is computed with.</summary>
    public required string Secret { get; set; }

    /// <summary>Gets or sets the tenant whose events are delivered; <see langword="null"/> for every tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Gets the event names delivered (for example <c>customerCreated</c>); empty for all.</summary>
    public ISet<string> Events { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}
