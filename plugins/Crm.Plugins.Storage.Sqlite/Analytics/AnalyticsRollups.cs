using System.Globalization;
using System.Text;
using Crm.Plugins.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Analytics;

/// <summary>
/// Reads the daily rollups of schema 23 (<c>analytics_interaction_days</c>, <c>analytics_purchase_days</c>), which
/// triggers keep exact on every write. They answer a query only when its boundaries are whole UTC days.
/// </summary>
internal static class AnalyticsRollups
{
    /// <summary>Whether both instants are UTC midnights.</summary>
    public static bool IsWholeDays(DateTimeOffset start, DateTimeOffset endExclusive) =>
        start.UtcTicks % AnalyticsRollupsSchema.TicksPerDay == 0 && endExclusive.UtcTicks % AnalyticsRollupsSchema.TicksPerDay == 0;

    /// <summary>Whether every boundary is a UTC midnight.</summary>
    public static bool IsWholeDays(IReadOnlyList<DateTimeOffset> boundaries) =>
        boundaries.All(b => b.UtcTicks % AnalyticsRollupsSchema.TicksPerDay == 0);

    /// <summary>Interactions per channel and direction over whole days, in the order of the raw statement.</summary>
    public static SqliteCommand InteractionsCommand(SqliteStorageSession session, DateTimeOffset start, DateTimeOffset endExclusive)
    {
        var command = session.CreateCommand(
            "SELECT channel, direction, SUM(interactions) AS n FROM analytics_interaction_days WHERE tenant_id = @tenant " +
            "AND day >= @startDay AND day < @endDay GROUP BY channel, direction HAVING n > 0 ORDER BY channel, direction;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@startDay", start.UtcTicks / AnalyticsRollupsSchema.TicksPerDay);
        command.Parameters.AddWithValue("@endDay", endExclusive.UtcTicks / AnalyticsRollupsSchema.TicksPerDay);
        return command;
    }

    /// <summary>
    /// Orders and revenue per bucket (columns: bucket index, orders, scaled revenue) from the daily purchase rollup;
    /// expects the <c>@tenant</c> and <c>@currency</c> parameters.
    /// </summary>
    public static string PurchaseDaysPerBucket(IReadOnlyList<DateTimeOffset> boundaries)
    {
        var sql = new StringBuilder("WITH b(i, s, e) AS (VALUES ");
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"({i}, {Day(boundaries[i])}, {Day(boundaries[i + 1])})").Append(i + 2 < boundaries.Count ? ", " : ") ");
        }

        return sql.Append("SELECT b.i, COALESCE(SUM(d.orders), 0), COALESCE(SUM(d.revenue), 0) FROM b ")
            .Append("LEFT JOIN analytics_purchase_days d ON d.tenant_id = @tenant AND d.day >= b.s AND d.day < b.e AND d.currency = @currency GROUP BY b.i;")
            .ToString();
    }

    private static long Day(DateTimeOffset instant) => instant.UtcTicks / AnalyticsRollupsSchema.TicksPerDay;
}
