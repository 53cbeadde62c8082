using System.Globalization;

namespace Crm.Plugins.Storage.Sqlite.Analytics;

/// <summary>SQL fragments shared by the analytics statements.</summary>
internal static class AnalyticsSql
{
    /// <summary>The .NET ticks of the Unix epoch; timestamps are stored as UTC ticks.</summary>
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>The UTC year and month of a ticks column as the integer <c>yyyyMM</c>: one strftime call per row.</summary>
    public static string YearMonth(string ticksColumn) =>
        string.Create(CultureInfo.InvariantCulture, $"CAST(strftime('%Y%m', ({ticksColumn} - {UnixEpochTicks}) / 10000000, 'unixepoch') AS INTEGER)");

    /// <summary>Turns <c>yyyyMM</c> into the first day of the month.</summary>
    public static DateOnly FromYearMonth(long yearMonth) => new((int)(yearMonth / 100), (int)(yearMonth % 100), 1);

    /// <summary>Names the i-th numbered parameter.</summary>
    public static string Param(string prefix, int index) => "@" + prefix + index.ToString(CultureInfo.InvariantCulture);
}
