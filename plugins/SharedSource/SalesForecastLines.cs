using Crm.Engine.Sales;

namespace Crm.Plugins.Storage.Serialization;

/// <summary>Turns the grouped sums the providers read in SQL into forecast lines and stage conversions, the same way for every provider.</summary>
internal static class SalesForecastLines
{
    /// <summary>Combines groups of (period, owner, probability) into one line per period and owner, weighting each group's sum.</summary>
    public static IReadOnlyList<ForecastLine> Combine(IEnumerable<(DateOnly Period, string? Owner, decimal Probability, int Count, decimal Amount)> groups) =>
        [.. groups
            .GroupBy(g => (g.Period, g.Owner))
            .Select(g => new ForecastLine(
                g.Key.Period,
                g.Key.Owner,
                g.Sum(x => x.Count),
                g.Sum(x => x.Amount),
                decimal.Round(g.Sum(x => x.Amount * x.Probability / 100m), 2, MidpointRounding.AwayFromZero)))
            .OrderBy(l => l.PeriodStart)
            .ThenBy(l => l.OwnerId is not null)
            .ThenBy(l => l.OwnerId, StringComparer.Ordinal)];

    /// <summary>Lists every working stage of the pipeline in order with its entered and advanced counts (zero when no deal entered it).</summary>
    public static IReadOnlyList<StageConversion> Conversions(Pipeline pipeline, IReadOnlyDictionary<int, (int Entered, int Advanced)> counts)
    {
        var result = new List<StageConversion>();
        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            if (pipeline.Stages[i].Kind != DealStatus.Open)
            {
                continue;
            }

            var (entered, advanced) = counts.TryGetValue(i, out var c) ? c : (0, 0);
            result.Add(new StageConversion(pipeline.Stages[i].Id, entered, advanced, null));
        }

        return result;
    }
}
