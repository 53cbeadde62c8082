namespace Crm.Engine.Analytics;

/// <summary>A half-open span of time, <c>[From, To)</c>, and the size of the buckets trends are drawn in.</summary>
/// <param name="From">The first instant included.</param>
/// <param name="To">The first instant after the period (excluded).</param>
/// <param name="Granularity">The bucket size of trends and the churn series.</param>
public sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To, PeriodGranularity Granularity = PeriodGranularity.Month)
{
    /// <summary>Gets the most buckets a period may span; finer trends over longer periods are refused.</summary>
    public const int MaxBuckets = 400;

    /// <summary>Gets the length of the period in days.</summary>
    public double Days => (To - From).TotalDays;

    /// <summary>
    /// Splits the period into buckets aligned on UTC calendar boundaries (days, ISO weeks starting Monday, months);
    /// the first and last bucket are cut to the period.
    /// </summary>
    /// <returns>The bucket boundaries in ascending order: <c>From</c>, every aligned boundary inside, <c>To</c>.</returns>
    /// <exception cref="CrmValidationException">The period is empty or reversed, or spans more than <see cref="MaxBuckets"/> buckets.</exception>
    public IReadOnlyList<DateTimeOffset> Boundaries()
    {
        Validate();
        var result = new List<DateTimeOffset> { From };
        var next = FirstAlignedAfter(From.ToUniversalTime());
        while (next < To)
        {
            result.Add(next);
            if (result.Count > MaxBuckets)
            {
                throw new CrmValidationException("period", $"the period {From:O} to {To:O} spans more than {MaxBuckets} {Granularity} buckets; choose a coarser granularity.", "tooManyBuckets");
            }

            next = Step(next);
        }

        result.Add(To);
        return result;
    }

    /// <summary>Throws unless <c>From</c> is before <c>To</c>.</summary>
    /// <exception cref="CrmValidationException">The period is empty or reversed.</exception>
    public void Validate()
    {
        if (From >= To)
        {
            throw new CrmValidationException("period", $"the period must end after it starts (from {From:O}, to {To:O}).", "invalidPeriod");
        }
    }

    private DateTimeOffset FirstAlignedAfter(DateTimeOffset instant)
    {
        var day = new DateTimeOffset(instant.Year, instant.Month, instant.Day, 0, 0, 0, TimeSpan.Zero);
        return Granularity switch
        {
            PeriodGranularity.Day => day.AddDays(1),
            PeriodGranularity.Week => day.AddDays(DaysToNextMonday(day.DayOfWeek)),
            _ => new DateTimeOffset(instant.Year, instant.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1),
        };
    }

    private static int DaysToNextMonday(DayOfWeek day)
    {
        var days = ((int)DayOfWeek.Monday - (int)day + 7) % 7;
        return days == 0 ? 7 : days;
    }

    private DateTimeOffset Step(DateTimeOffset boundary) => Granularity switch
    {
        PeriodGranularity.Day => boundary.AddDays(1),
        PeriodGranularity.Week => boundary.AddDays(7),
        _ => boundary.AddMonths(1),
    };
}
