namespace Crm.Engine;

/// <summary>
/// Exponential backoff with jitter, shared by workflow step retries and outbox/job retries: after the n-th failure the
/// wait is min(max, base × 2^(n−1)) spread by ±<c>jitter</c>, so work that failed together (a provider outage) does
/// not retry in the same instant.
/// </summary>
internal static class RetryBackoff
{
    /// <param name="failures">How many attempts failed so far (1 for the first retry).</param>
    /// <param name="baseDelay">The wait after the first failure.</param>
    /// <param name="maxDelay">The longest wait.</param>
    /// <param name="jitter">The spread as a fraction of the wait, from 0 to 1.</param>
    /// <param name="random">A uniform random number in [0, 1).</param>
    public static TimeSpan Delay(int failures, TimeSpan baseDelay, TimeSpan maxDelay, double jitter, double random)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var spread = delay * jitter * ((random * 2) - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, delay + spread));
    }
}
