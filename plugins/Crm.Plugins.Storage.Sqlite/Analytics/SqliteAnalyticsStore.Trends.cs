using System.Globalization;
using System.Text;
using Crm.Engine.Analytics;
using Crm.Plugins.Storage.Sqlite.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Analytics;

internal sealed partial class SqliteAnalyticsStore
{
    public async Task<IReadOnlyList<RevenuePoint>> GetRevenueTrendAsync(IReadOnlyList<DateTimeOffset> boundaries, string currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        var buckets = Buckets(boundaries);
        if (buckets.Length == 0)
        {
            return [];
        }

        // The bucket list drives the loop (LEFT JOIN keeps empty buckets): one range scan of ix_purchases_purchased
        // (then ix_customers_created) per bucket.
        var orders = new (long Orders, long Total, long Buyers)[boundaries.Count - 1];
        using (var command = session.CreateCommand(
            buckets + "SELECT b.i, COUNT(p.id), COALESCE(SUM(p.total), 0), COUNT(DISTINCT p.customer_id) FROM b " +
            "LEFT JOIN purchases p ON p.tenant_id = @tenant AND p.purchased_at >= b.s AND p.purchased_at < b.e AND p.currency = @currency GROUP BY b.i;"))
        {
            command.Parameters.AddWithValue("@tenant", session.TenantId);
            command.Parameters.AddWithValue("@currency", currency);
            await ReadAsync(command, r => orders[r.GetInt32(0)] = (r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken).ConfigureAwait(false);
        }

        var created = new long[boundaries.Count - 1];
        using (var command = session.CreateCommand(
            buckets + "SELECT b.i, COUNT(c.id) FROM b LEFT JOIN customers c ON c.tenant_id = @tenant AND c.created_at >= b.s AND c.created_at < b.e GROUP BY b.i;"))
        {
            command.Parameters.AddWithValue("@tenant", session.TenantId);
            await ReadAsync(command, r => created[r.GetInt32(0)] = r.GetInt64(1), cancellationToken).ConfigureAwait(false);
        }

        var result = new List<RevenuePoint>(orders.Length);
        for (var i = 0; i < orders.Length; i++)
        {
            var (count, total, buyers) = orders[i];
            result.Add(new RevenuePoint(boundaries[i], boundaries[i + 1], new OrderTotals(count, ScaledDecimal.Unscale(total), buyers), created[i]));
        }

        return result;
    }

    public async Task<IReadOnlyList<ChurnPoint>> GetChurnAsync(IReadOnlyList<DateTimeOffset> boundaries, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2)
        {
            return [];
        }

        // One pass over the purchases of [first boundary - window, last boundary), grouped by customer in the order of
        // ix_purchases_customer: a{k} is 1 when the customer bought in [boundary k - window, boundary k), that is was
        // active at boundary k. Churned in bucket k = active at k and not at k + 1.
        var sql = new StringBuilder("SELECT ");
        for (var k = 0; k < boundaries.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(a{k}), 0), ");
        }

        for (var k = 0; k + 1 < boundaries.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(a{k} > a{k + 1}), 0)").Append(k + 2 < boundaries.Count ? ", " : " ");
        }

        sql.Append("FROM (SELECT ");
        for (var k = 0; k < boundaries.Count; k++)
        {
            var end = boundaries[k].UtcTicks;
            sql.Append(CultureInfo.InvariantCulture, $"MAX(purchased_at >= {end - window.Ticks} AND purchased_at < {end}) AS a{k}, ");
        }

        sql.Append("customer_id FROM purchases WHERE tenant_id = @tenant AND purchased_at >= @start AND purchased_at < @end GROUP BY customer_id);");
        using var command = Command(sql.ToString(), boundaries[0] - window, boundaries[^1]);
        var result = new List<ChurnPoint>(boundaries.Count - 1);
        await ReadAsync(command, r =>
        {
            for (var k = 0; k + 1 < boundaries.Count; k++)
            {
                result.Add(new ChurnPoint(boundaries[k], boundaries[k + 1], r.GetInt64(k), r.GetInt64(boundaries.Count + k)));
            }
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<CohortCounts> GetCohortsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CohortBasis basis, CancellationToken cancellationToken)
    {
        var firsts = basis == CohortBasis.Created
            ? "SELECT id AS customer_id, created_at AS first_at FROM customers WHERE tenant_id = @tenant AND created_at >= @start AND created_at < @end"
            : "SELECT customer_id, MIN(purchased_at) AS first_at FROM purchases WHERE tenant_id = @tenant GROUP BY customer_id HAVING first_at >= @start AND first_at < @end";

        // Sizes come back with activity month -1; cells count distinct customers per (cohort month, activity month).
        var sql = $"WITH f AS MATERIALIZED (SELECT customer_id, {AnalyticsSql.YearMonth("first_at")} AS cm FROM ({firsts})) " +
            "SELECT cm, -1, COUNT(*) FROM f GROUP BY cm " +
            $"UNION ALL SELECT f.cm, {AnalyticsSql.YearMonth("p.purchased_at")} AS ym, COUNT(DISTINCT p.customer_id) FROM f " +
            "JOIN purchases p ON p.tenant_id = @tenant AND p.customer_id = f.customer_id WHERE p.purchased_at < @end GROUP BY f.cm, ym;";
        using var command = Command(sql, start, endExclusive);
        var sizes = new List<CohortSize>();
        var cells = new List<CohortCell>();
        await ReadAsync(command, r =>
        {
            var cohort = AnalyticsSql.FromYearMonth(r.GetInt64(0));
            var activity = r.GetInt64(1);
            if (activity < 0)
            {
                sizes.Add(new CohortSize(cohort, r.GetInt64(2)));
                return;
            }

            var month = AnalyticsSql.FromYearMonth(activity);
            var offset = ((month.Year - cohort.Year) * 12) + month.Month - cohort.Month;
            if (offset >= 0)
            {
                cells.Add(new CohortCell(cohort, offset, r.GetInt64(2)));
            }
        }, cancellationToken).ConfigureAwait(false);
        sizes.Sort((a, b) => a.CohortMonth.CompareTo(b.CohortMonth));
        cells.Sort((a, b) => a.CohortMonth != b.CohortMonth ? a.CohortMonth.CompareTo(b.CohortMonth) : a.MonthOffset.CompareTo(b.MonthOffset));
        return new CohortCounts(sizes, cells);
    }

    /// <summary>The bucket table as a CTE of literals (ticks are integers, so nothing is spliced from outside).</summary>
    private static string Buckets(IReadOnlyList<DateTimeOffset> boundaries)
    {
        if (boundaries.Count < 2)
        {
            return "";
        }

        var sql = new StringBuilder("WITH b(i, s, e) AS (VALUES ");
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"({i}, {boundaries[i].UtcTicks}, {boundaries[i + 1].UtcTicks})").Append(i + 2 < boundaries.Count ? ", " : ") ");
        }

        return sql.ToString();
    }
}
