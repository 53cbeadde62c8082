using System.Security.Cryptography;
using System.Text;
using Crm.Engine.Channels;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>A webhook source that accepts bodies signed with HMAC-SHA256 in <c>X-Signature</c>, like a channel plugin.</summary>
public sealed class SignedWebhookHandler : IInboundWebhookHandler
{
    public const string Source = "testhook";
    public const string SignatureHeader = "X-Signature";
    public static readonly byte[] Secret = Encoding.UTF8.GetBytes("webhook-secret");

    public string Channel => Source;

    public static string Sign(byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret, body));

    public ValueTask<InboundWebhookResult> HandleAsync(InboundWebhookRequest request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValue(SignatureHeader, out var signature)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(request.Body.ToArray()))))
        {
            return ValueTask.FromResult(InboundWebhookResult.Rejected(InboundRejectionKind.InvalidSignature, "The X-Signature header does not match the body."));
        }

        return ValueTask.FromResult(request.Body.Length == 0
            ? InboundWebhookResult.Rejected(InboundRejectionKind.Malformed, "The body is empty.")
            : InboundWebhookResult.Accepted([], $"{{\"tenant\":\"{request.TenantId}\",\"bytes\":{request.Body.Length}}}"));
    }
}
