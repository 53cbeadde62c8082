using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Engine.AspNetCore.OutboundWebhooks;

/// <summary>
/// The signature of an outbound webhook: <c>X-Crm-Signature: t=1767225600,v1=&lt;hex&gt;</c> where hex is
/// HMAC-SHA256(secret, "{t}.{body}") in lower case. A receiver recomputes it over the raw body, compares in constant time
/// and rejects a timestamp too far from its clock (replays).
/// </summary>
public static class OutboundWebhookSignature
{
    /// <summary>Computes the header value.</summary>
    /// <param name="secret">The subscription's secret.</param>
    /// <param name="timestamp">When the delivery is sent.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The <c>t=...,v1=...</c> value.</returns>
    public static string Create(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Compute(secret, t, body)}";
    }

    /// <summary>Verifies a header value against a body, within a tolerance of the receiver's clock.</summary>
    /// <param name="secret">The subscription's secret.</param>
    /// <param name="header">The received <c>X-Crm-Signature</c> value.</param>
    /// <param name="body">The raw received body.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>.</param>
    /// <returns>Whether the signature is genuine and fresh.</returns>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (header is null)
        {
            return false;
        }

        string? t = null;
        string? v1 = null;
        foreach (var part in header.Split(','))
        {
            var pair = part.Trim();
            if (pair.StartsWith("t=", StringComparison.Ordinal))
            {
                t = pair[2..];
            }
            else if (pair.StartsWith("v1=", StringComparison.Ordinal))
            {
                v1 = pair[3..];
            }
        }

        if (t is null || v1 is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, t, body)), Encoding.ASCII.GetBytes(v1));
    }

    private static string Compute(string secret, string t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(t + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
