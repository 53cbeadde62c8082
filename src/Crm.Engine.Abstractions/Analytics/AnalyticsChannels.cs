namespace Crm.Engine.Analytics;

/// <summary>Channel keys with a fixed meaning in acquisition reports.</summary>
public static class AnalyticsChannels
{
    /// <summary>The key of new customers with no interaction to attribute them to.</summary>
    public const string Unattributed = "(unattributed)";
}
