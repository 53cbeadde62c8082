using Polly;

namespace Crm.Engine.Plugins;

/// <summary>Names the concurrency-limit strategy in Polly's telemetry.</summary>
internal sealed class ConcurrencyLimitStrategyOptions : ResilienceStrategyOptions
{
    public ConcurrencyLimitStrategyOptions() => Name = "ConcurrencyLimit";
}
