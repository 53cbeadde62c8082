using System.Globalization;
using System.Text;
using Crm.Engine.Analytics;

namespace Crm.Plugins.Storage.Sqlite.Analytics;

internal sealed partial class SqliteAnalyticsStore
{
    public async Task<IReadOnlyList<ChurnPoint>> GetChurnAsync(IReadOnlyList<DateTimeOffset> boundaries, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        return boundaries.Count < 2 ? [] : (await GetChurnWithTrendAsync(boundaries, window, cancellationToken).ConfigureAwait(false)).Trend;
    }

    /// <summary>
    /// Churn over the whole span and per bucket in one ordered pass over ix_purchases_customer. The activity windows
    /// <c>[b - window, b)</c> of all boundaries cut time into at most 2n - 1 elementary intervals; per customer, the
    /// SUM(DISTINCT) of the interval bits of their purchases is the set of intervals they bought in (distinct powers of two
    /// add up to their OR). The statement returns one row per distinct set (13,573 at 1M customers over 13 months, not
    /// one per customer), and whether a set is active at boundary k is one AND with the bits of window k, done here.
    /// 4x less CPU than one MAX per boundary and row (docs/benchmarks.md).
    /// </summary>
    public async Task<ChurnCounts> GetChurnWithTrendAsync(IReadOnlyList<DateTimeOffset> boundaries, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2)
        {
            throw new ArgumentException("Churn needs at least two boundaries.", nameof(boundaries));
        }

        var ends = boundaries.Select(b => b.UtcTicks).ToArray();
        var points = ends.Select(e => e - window.Ticks).Concat(ends).Distinct().Order().ToArray();
        var intervals = points.Length - 1;
        if (intervals > MaxMaskBits)
        {
            return await ChurnPerBoundaryAsync(boundaries, window, cancellationToken).ConfigureAwait(false);
        }

        var windows = new long[ends.Length];
        for (var k = 0; k < ends.Length; k++)
        {
            for (var e = 0; e < intervals; e++)
            {
                if (points[e] >= ends[k] - window.Ticks && points[e + 1] <= ends[k])
                {
                    windows[k] |= 1L << e;
                }
            }
        }

        var bit = new StringBuilder("CASE");
        for (var e = 0; e + 1 < intervals; e++)
        {
            bit.Append(CultureInfo.InvariantCulture, $" WHEN purchased_at < {points[e + 1]} THEN {1L << e}");
        }

        bit.Append(CultureInfo.InvariantCulture, $" ELSE {1L << (intervals - 1)} END");
        using var command = session.CreateCommand(
            $"SELECT m, COUNT(*) FROM (SELECT SUM(DISTINCT {bit}) AS m FROM purchases INDEXED BY ix_purchases_customer " +
            "WHERE tenant_id = @tenant AND purchased_at >= @start AND purchased_at < @end GROUP BY customer_id) GROUP BY m;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@start", points[0]);
        command.Parameters.AddWithValue("@end", points[^1]);
        var active = new long[ends.Length];
        var churned = new long[ends.Length - 1];
        long wholeChurned = 0;
        await ReadAsync(command, r =>
        {
            var mask = r.GetInt64(0);
            var customers = r.GetInt64(1);
            for (var k = 0; k < ends.Length; k++)
            {
                if ((mask & windows[k]) != 0)
                {
                    active[k] += customers;
                    if (k + 1 < ends.Length && (mask & windows[k + 1]) == 0)
                    {
                        churned[k] += customers;
                    }
                }
            }

            if ((mask & windows[0]) != 0 && (mask & windows[^1]) == 0)
            {
                wholeChurned += customers;
            }
        }, cancellationToken).ConfigureAwait(false);

        var trend = new List<ChurnPoint>(churned.Length);
        for (var k = 0; k < churned.Length; k++)
        {
            trend.Add(new ChurnPoint(boundaries[k], boundaries[k + 1], active[k], churned[k]));
        }

        return new ChurnCounts(new ChurnPoint(boundaries[0], boundaries[^1], active[0], wholeChurned), trend);
    }

    /// <summary>
    /// The general form for more boundaries than one mask holds (day buckets over months): one pass grouped by customer,
    /// a{k} is 1 when the customer bought in <c>[boundary k - window, boundary k)</c>.
    /// </summary>
    private async Task<ChurnCounts> ChurnPerBoundaryAsync(IReadOnlyList<DateTimeOffset> boundaries, TimeSpan window, CancellationToken cancellationToken)
    {
        var n = boundaries.Count;
        var sql = new StringBuilder("SELECT ");
        for (var k = 0; k < n; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(a{k}), 0), ");
        }

        for (var k = 0; k + 1 < n; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(a{k} > a{k + 1}), 0), ");
        }

        sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(a0 > a{n - 1}), 0) FROM (SELECT ");
        for (var k = 0; k < n; k++)
        {
            var end = boundaries[k].UtcTicks;
            sql.Append(CultureInfo.InvariantCulture, $"MAX(purchased_at >= {end - window.Ticks} AND purchased_at < {end}) AS a{k}, ");
        }

        sql.Append("customer_id FROM purchases WHERE tenant_id = @tenant AND purchased_at >= @start AND purchased_at < @end GROUP BY customer_id);");
        using var command = Command(sql.ToString(), boundaries[0] - window, boundaries[^1]);
        ChurnCounts? result = null;
        await ReadAsync(command, r =>
        {
            var trend = new List<ChurnPoint>(n - 1);
            for (var k = 0; k + 1 < n; k++)
            {
                trend.Add(new ChurnPoint(boundaries[k], boundaries[k + 1], r.GetInt64(k), r.GetInt64(n + k)));
            }

            result = new ChurnCounts(new ChurnPoint(boundaries[0], boundaries[^1], r.GetInt64(0), r.GetInt64((2 * n) - 1)), trend);
        }, cancellationToken).ConfigureAwait(false);
        return result!;
    }
}
