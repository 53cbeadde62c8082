using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Chat.Tests.Infrastructure;

/// <summary>
/// Builds Events API requests signed the way Slack signs them, computed here independently of the plugin's code.
/// </summary>
internal static class SlackRequests
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    public static readonly DateTimeOffset Now = new(2024, 4, 5, 19, 34, 38, TimeSpan.Zero);

    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes("v0:" + timestamp + ":").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static InboundWebhookRequest Signed(string body, DateTimeOffset? signedAt = null, string secret = Secret, DateTimeOffset? receivedAt = null) =>
        Signed(Encoding.UTF8.GetBytes(body), signedAt, secret, receivedAt);

    public static InboundWebhookRequest Signed(byte[] body, DateTimeOffset? signedAt = null, string secret = Secret, DateTimeOffset? receivedAt = null)
    {
        var timestamp = (signedAt ?? Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new InboundWebhookRequest
        {
            TenantId = "t1",
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Slack-Request-Timestamp"] = timestamp,
                ["X-Slack-Signature"] = Sign(secret, timestamp, body),
                ["Content-Type"] = "application/json",
            },
            Body = body,
            ReceivedAt = receivedAt ?? Now,
        };
    }

    public static ChatWebhookHandler Handler(string secret = Secret, TimeSpan? tolerance = null) =>
        new(new ChatChannelOptions { SigningSecret = secret, SignatureTolerance = tolerance ?? ChatChannelOptions.DefaultSignatureTolerance });

    public static string MessageEvent(
        string text = "Hi, where is my order?",
        string user = "U0ANA",
        string channel = "D0DIRECT",
        string ts = "1712345678.000100",
        string? threadTs = null,
        string extra = "") => $$"""
        {
          "token": "ignored",
          "team_id": "T0TEAM",
          "api_app_id": "A0APP",
          "type": "event_callback",
          "event_id": "Ev0001",
          "event_time": 1712345678,
          "event": {
            "type": "message",
            "user": "{{user}}",
            "text": {{System.Text.Json.JsonSerializer.Serialize(text)}},
            "ts": "{{ts}}",
            "channel": "{{channel}}",
            "channel_type": "im"{{(threadTs is null ? "" : $",\n    \"thread_ts\": \"{threadTs}\"")}}{{extra}}
          }
        }
        """;
}
