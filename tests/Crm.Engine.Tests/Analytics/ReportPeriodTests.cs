using Crm.Engine.Analytics;

namespace Crm.Engine.Tests.Analytics;

public sealed class ReportPeriodTests
{
    private static DateTimeOffset Day(int month, int day) => new(2026, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Boundaries_Monthly_CutToThePeriod() =>
        Assert.Equal([Day(1, 15), Day(2, 1), Day(3, 1), Day(3, 10)], new ReportPeriod(Day(1, 15), Day(3, 10)).Boundaries());

    [Fact]
    public void Boundaries_Weekly_AlignOnMondays() =>
        // 2026-01-07 is a Wednesday; the Mondays after it are 01-12 and 01-19.
        Assert.Equal([Day(1, 7), Day(1, 12), Day(1, 19), Day(1, 21)], new ReportPeriod(Day(1, 7), Day(1, 21), PeriodGranularity.Week).Boundaries());

    [Fact]
    public void Boundaries_Daily_OnePerDay() =>
        Assert.Equal([Day(1, 1), Day(1, 2), Day(1, 3)], new ReportPeriod(Day(1, 1), Day(1, 3), PeriodGranularity.Day).Boundaries());

    [Fact]
    public void Boundaries_EmptyPeriod_Rejected() =>
        Assert.Equal("invalidPeriod", Assert.Throws<CrmValidationException>(() => new ReportPeriod(Day(1, 1), Day(1, 1)).Boundaries()).Errors[0].Rule);
}
