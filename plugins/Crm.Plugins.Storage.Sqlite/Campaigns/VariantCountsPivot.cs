using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Sqlite.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Campaigns;

/// <summary>Turns the per-variant, per-kind aggregate rows into one <see cref="CampaignVariantCounts"/> per variant.</summary>
internal static class VariantCountsPivot
{
    public static IReadOnlyList<CampaignVariantCounts> Pivot(IEnumerable<(string Variant, string Kind, long Unique, long Total, long Amount)> rows)
    {
        var byVariant = new SortedDictionary<string, CampaignVariantCounts>(StringComparer.Ordinal);
        foreach (var (variant, kind, unique, total, amount) in rows)
        {
            var counts = byVariant.TryGetValue(variant, out var existing) ? existing : new CampaignVariantCounts(variant, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0m);
            byVariant[variant] = kind switch
            {
                "Sent" => counts with { Sent = unique },
                nameof(CampaignEventKind.Delivered) => counts with { Delivered = unique },
                nameof(CampaignEventKind.Failed) => counts with { Failed = unique },
                nameof(CampaignEventKind.Opened) => counts with { UniqueOpens = unique, TotalOpens = total },
                nameof(CampaignEventKind.Clicked) => counts with { UniqueClicks = unique, TotalClicks = total },
                nameof(CampaignEventKind.Replied) => counts with { Replies = unique },
                nameof(CampaignEventKind.Unsubscribed) => counts with { Unsubscribes = unique },
                nameof(CampaignEventKind.Converted) => counts with { Conversions = unique, Revenue = ScaledDecimal.Unscale(amount) },
                _ => counts,
            };
        }

        return [.. byVariant.Values];
    }
}
