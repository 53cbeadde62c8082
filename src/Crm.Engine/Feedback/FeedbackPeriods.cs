using System.Globalization;

namespace Crm.Engine.Feedback;

/// <summary>Turns the store's counts into scores, listing every period of a period grouping, empty ones included.</summary>
internal static class FeedbackPeriods
{
    public static IReadOnlyList<FeedbackScore> Complete(FeedbackQuery query, IReadOnlyList<FeedbackCounts> counts)
    {
        switch (query.GroupBy)
        {
            case FeedbackGrouping.None:
                return [new FeedbackScore(null, counts.Count == 0 ? Empty(null) : counts[0])];
            case FeedbackGrouping.Segment or FeedbackGrouping.Agent:
                return [.. counts.Select(c => new FeedbackScore(c.Key, c))];
        }

        var byKey = counts.Where(c => c.Key is not null).ToDictionary(c => c.Key!, StringComparer.Ordinal);
        var scores = new List<FeedbackScore>();
        var until = DateOnly.FromDateTime(query.Until.UtcDateTime.AddTicks(-1));
        for (var start = Align(DateOnly.FromDateTime(query.From.UtcDateTime), query.GroupBy); start <= until; start = Next(start, query.GroupBy))
        {
            var key = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            scores.Add(new FeedbackScore(key, byKey.TryGetValue(key, out var found) ? found : Empty(key)));
        }

        return scores;
    }

    private static FeedbackCounts Empty(string? key) => new(key, 0, 0, 0, 0, 0, 0);

    private static DateOnly Align(DateOnly day, FeedbackGrouping grouping) => grouping switch
    {
        FeedbackGrouping.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        FeedbackGrouping.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    private static DateOnly Next(DateOnly start, FeedbackGrouping grouping) => grouping switch
    {
        FeedbackGrouping.Week => start.AddDays(7),
        FeedbackGrouping.Month => start.AddMonths(1),
        _ => start.AddDays(1),
    };
}
