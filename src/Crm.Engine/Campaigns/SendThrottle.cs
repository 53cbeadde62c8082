namespace Crm.Engine.Campaigns;

/// <summary>
/// Spreads a send over time with not-before times instead of sleeping: message k of a send may leave at
/// start + k × (1 minute / rate), so no minute holds more than the rate.
/// </summary>
internal sealed class SendThrottle(DateTimeOffset start, int? ratePerMinute)
{
    private long _next;

    public DateTimeOffset Next()
    {
        var k = _next++;
        return ratePerMinute is { } rate ? start + TimeSpan.FromTicks(k * TimeSpan.TicksPerMinute / rate) : start;
    }
}
