using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Email.Tests.Infrastructure;

/// <summary>Builds outbound messages for tests.</summary>
public static class Messages
{
    public static OutboundMessage Outbound(
        string recipient = "alice@example.test",
        string? subject = "Hello",
        string text = "Hello Alice",
        string? html = null,
        string? key = null,
        string tenant = "acme",
        IReadOnlyDictionary<string, string>? headers = null) => new()
        {
            TenantId = tenant,
            Recipient = recipient,
            Subject = subject,
            TextBody = text,
            HtmlBody = html,
            IdempotencyKey = key ?? "k-" + Guid.NewGuid().ToString("N"),
            Headers = headers ?? new Dictionary<string, string>(),
        };
}
