using Microsoft.Extensions.Logging;

namespace Crm.Engine.Loyalty;

/// <summary>Source-generated log messages of the engine's loyalty side (event ids 6000–6099; the points plugin uses 6100–6199).</summary>
internal static partial class LoyaltyLog
{
    [LoggerMessage(6000, LogLevel.Warning, "Loyalty rule '{Rule}' from {Source} failed for {Kind} '{SourceId}' and awarded nothing; the other rules still award")]
    public static partial void ContributedRuleFailed(ILogger logger, Exception exception, string rule, string source, string kind, string sourceId);

    [LoggerMessage(6001, LogLevel.Debug, "Loyalty rule '{Rule}' from {Source} is skipped: the program or an earlier contribution already runs a rule of that name")]
    public static partial void ContributedRuleShadowed(ILogger logger, string rule, string source);
}
