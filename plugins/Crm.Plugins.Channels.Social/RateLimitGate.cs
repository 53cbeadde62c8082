using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Crm.Plugins.Channels.Social;

/// <summary>
/// Tracks the server's rate limit from <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c>: after a 429, or an
/// answer saying nothing remains, requests are held back until the reset instead of being spent on certain refusals.
/// </summary>
internal sealed class RateLimitGate(TimeProvider time)
{
    /// <summary>How long to hold back after a 429 that says neither when the limit resets nor when to retry.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _closedUntil = DateTimeOffset.MinValue;

    /// <summary>Tells whether requests are held back, and until when.</summary>
    public bool IsClosed(out DateTimeOffset until)
    {
        lock (_lock)
        {
            until = _closedUntil;
        }

        return until > time.GetUtcNow();
    }

    /// <summary>Updates the gate from an answer's status and headers.</summary>
    public void Observe(HttpStatusCode status, HttpResponseHeaders headers)
    {
        var now = time.GetUtcNow();
        var reset = ReadReset(headers);
        DateTimeOffset closedUntil;
        if (status == HttpStatusCode.TooManyRequests)
        {
            closedUntil = reset is { } at && at > now ? at : RetryAfter(headers, now) ?? now + DefaultBackoff;
        }
        else if (ReadRemaining(headers) == 0 && reset is { } at && at > now)
        {
            closedUntil = at;
        }
        else
        {
            closedUntil = DateTimeOffset.MinValue;
        }

        lock (_lock)
        {
            _closedUntil = closedUntil;
        }
    }

    private static long? ReadRemaining(HttpResponseHeaders headers) =>
        headers.TryGetValues("X-RateLimit-Remaining", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    /// <summary>Reads the reset as Mastodon writes it (ISO 8601), or as Unix seconds, which some compatible servers use.</summary>
    private static DateTimeOffset? ReadReset(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("X-RateLimit-Reset", out var values) || values.FirstOrDefault() is not { Length: > 0 } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds is > 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
    }

    private static DateTimeOffset? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => now + delta,
        { Date: { } date } => date,
        _ => null,
    };
}
