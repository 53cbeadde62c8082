using System.Globalization;
using System.Security.Cryptography;
using Crm.Engine.Channels;

namespace Crm.Plugins.Channels.Chat;

/// <summary>
/// Verifies Slack's request signature: <c>X-Slack-Signature: v0=&lt;hex HMAC-SHA256(signing secret,
/// "v0:" + X-Slack-Request-Timestamp + ":" + raw body)&gt;</c>, compared in constant time, with the timestamp within a
/// tolerance of when the request was received (replay protection).
/// </summary>
internal static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    private const string Version = "v0";
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Checks a request; returns <see langword="null"/> when it verifies, else why not (no secrets, no payload).</summary>
    public static string? Verify(InboundWebhookRequest request, byte[] secret, TimeSpan tolerance)
    {
        var timestampText = HeaderLookup.Find(request.Headers, TimestampHeader);
        var signatureText = HeaderLookup.Find(request.Headers, SignatureHeader);
        if (timestampText is null)
        {
            return $"Header '{TimestampHeader}' is missing.";
        }

        if (signatureText is null)
        {
            return $"Header '{SignatureHeader}' is missing.";
        }

        if (timestampText.Length is 0 or > 12
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > MaxUnixSeconds)
        {
            return $"Header '{TimestampHeader}' is not a Unix time in seconds.";
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var skew = request.ReceivedAt - signedAt;
        if (skew > tolerance)
        {
            return $"The request was signed {FormatAge(skew)} before it was received; requests older than {FormatAge(tolerance)} are rejected as possible replays.";
        }

        if (-skew > tolerance)
        {
            return $"The request's timestamp lies {FormatAge(-skew)} after it was received; more than {FormatAge(tolerance)} is rejected.";
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, timestampText, request.Body.Span, expected);

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hex = signatureText.AsSpan();
        if (!hex.StartsWith(Version + "=", StringComparison.Ordinal)
            || hex.Length != Version.Length + 1 + (2 * HMACSHA256.HashSizeInBytes)
            || Convert.FromHexString(hex[(Version.Length + 1)..], given, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return $"Header '{SignatureHeader}' is not a '{Version}=' followed by a hex HMAC-SHA256.";
        }

        return CryptographicOperations.FixedTimeEquals(expected, given)
            ? null
            : $"Header '{SignatureHeader}' does not match the body: wrong signing secret or altered request.";
    }

    /// <summary>Computes the signature bytes of a timestamp and body.</summary>
    public static void Compute(ReadOnlySpan<byte> secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData("v0:"u8);
        Span<byte> digits = stackalloc byte[timestamp.Length];
        for (var i = 0; i < timestamp.Length; i++)
        {
            digits[i] = (byte)timestamp[i];
        }

        hmac.AppendData(digits);
        hmac.AppendData(":"u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    private static string FormatAge(TimeSpan age) =>
        age.TotalSeconds < 120
            ? ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s"
            : ((long)age.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min";
}
