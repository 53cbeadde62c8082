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

        // Orders and revenue: the bucket list drives the loop (LEFT JOIN keeps empty buckets), one range scan of the
        // covering ix_purchases_amounts per bucket. Buyers are counted apart (BuyersPerBucketAsync): a COUNT(DISTINCT)
        // here cost 6x the scan.
        // With every boundary at UTC midnight the daily rollup of schema 23 gives orders and revenue from a row per day.
        var orders = new (long Orders, long Total)[boundaries.Count - 1];
        using (var command = session.CreateCommand(AnalyticsRollups.IsWholeDays(boundaries)
            ? AnalyticsRollups.PurchaseDaysPerBucket(boundaries)
            : buckets + "SELECT b.i, COUNT(p.total), COALESCE(SUM(p.total), 0) FROM b " +
              "LEFT JOIN purchases p ON p.tenant_id = @tenant AND p.purchased_at >= b.s AND p.purchased_at < b.e AND p.currency = @currency GROUP BY b.i;"))
        {
            command.Parameters.AddWithValue("@tenant", session.TenantId);
            command.Parameters.AddWithValue("@currency", currency);
            await ReadAsync(command, r => orders[r.GetInt32(0)] = (r.GetInt64(1), r.GetInt64(2)), cancellationToken).ConfigureAwait(false);
        }

        var buyers = await BuyersPerBucketAsync(boundaries, currency, buckets, cancellationToken).ConfigureAwait(false);
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
            var (count, total) = orders[i];
            result.Add(new RevenuePoint(boundaries[i], boundaries[i + 1], new OrderTotals(count, ScaledDecimal.Unscale(total), buyers[i]), created[i]));
        }

        return result;
    }

    public async Task<CohortCounts> GetCohortsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CohortBasis basis, CancellationToken cancellationToken)
    {
        var months = MonthBoundaries(start, endExclusive);
        if (basis == CohortBasis.FirstPurchase && months.Count - 1 <= MaxMaskBits)
        {
            return await FirstPurchaseCohortsAsync(start, endExclusive, months, cancellationToken).ConfigureAwait(false);
        }

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
        return Sorted(sizes, cells);
    }

    /// <summary>
    /// Cohorts by first purchase in one ordered pass over ix_purchases_customer: per customer, the first purchase and a
    /// bit mask of the months (of the period) they bought in; then per cohort the size and one sum per month bit. No
    /// join back to purchases, no COUNT(DISTINCT), no strftime per row.
    /// </summary>
    private async Task<CohortCounts> FirstPurchaseCohortsAsync(DateTimeOffset start, DateTimeOffset endExclusive, List<DateTimeOffset> months, CancellationToken cancellationToken)
    {
        var count = months.Count - 1;
        var sql = new StringBuilder("SELECT ").Append(IndexOf("f", months)).Append(" AS c, COUNT(*)");
        for (var k = 0; k < count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", SUM((m >> {k}) & 1)");
        }

        sql.Append(" FROM (SELECT MIN(purchased_at) AS f, SUM(DISTINCT ").Append(BitOf("purchased_at", months))
            .Append(") AS m FROM purchases INDEXED BY ix_purchases_customer WHERE tenant_id = @tenant AND purchased_at < @end ")
            .Append("GROUP BY customer_id HAVING f >= @start) GROUP BY c;");
        using var command = Command(sql.ToString(), start, endExclusive);
        var sizes = new List<CohortSize>();
        var cells = new List<CohortCell>();
        await ReadAsync(command, r =>
        {
            var c = r.GetInt32(0);
            var cohort = DateOnly.FromDateTime(months[c].UtcDateTime);
            sizes.Add(new CohortSize(cohort, r.GetInt64(1)));
            for (var k = c; k < count; k++)
            {
                var customers = r.GetInt64(2 + k);
                if (customers > 0)
                {
                    cells.Add(new CohortCell(cohort, k - c, customers));
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return Sorted(sizes, cells);
    }

    /// <summary>Counts distinct buyers per bucket: one ordered pass over ix_purchases_buyers with a bucket bit mask per customer.</summary>
    private async Task<long[]> BuyersPerBucketAsync(IReadOnlyList<DateTimeOffset> boundaries, string currency, string buckets, CancellationToken cancellationToken)
    {
        var count = boundaries.Count - 1;
        var buyers = new long[count];
        if (count > MaxMaskBits)
        {
            // Too many buckets for one 64-bit mask (day buckets over months): distinct per bucket range instead.
            using var distinct = session.CreateCommand(
                buckets + "SELECT b.i, COUNT(DISTINCT p.customer_id) FROM b " +
                "LEFT JOIN purchases p ON p.tenant_id = @tenant AND p.purchased_at >= b.s AND p.purchased_at < b.e AND p.currency = @currency GROUP BY b.i;");
            distinct.Parameters.AddWithValue("@tenant", session.TenantId);
            distinct.Parameters.AddWithValue("@currency", currency);
            await ReadAsync(distinct, r => buyers[r.GetInt32(0)] = r.GetInt64(1), cancellationToken).ConfigureAwait(false);
            return buyers;
        }

        var sql = new StringBuilder("SELECT ");
        for (var k = 0; k < count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM((m >> {k}) & 1), 0)").Append(k + 1 < count ? ", " : " ");
        }

        sql.Append("FROM (SELECT SUM(DISTINCT ").Append(BitOf("purchased_at", boundaries))
            .Append(") AS m FROM purchases INDEXED BY ix_purchases_buyers WHERE tenant_id = @tenant AND currency = @currency ")
            .Append("AND purchased_at >= @start AND purchased_at < @end GROUP BY customer_id);");
        using var command = Command(sql.ToString(), boundaries[0], boundaries[^1]);
        command.Parameters.AddWithValue("@currency", currency);
        await ReadAsync(command, r =>
        {
            for (var k = 0; k < count; k++)
            {
                buyers[k] = r.GetInt64(k);
            }
        }, cancellationToken).ConfigureAwait(false);
        return buyers;
    }

    /// <summary>Bits 0..61 of a signed 64-bit mask: sums of distinct powers of two stay below 2^62.</summary>
    private const int MaxMaskBits = 62;

    /// <summary>The bucket index of a ticks column as a CASE over the boundaries (integers, nothing spliced from outside); -1 before the first.</summary>
    private static string IndexOf(string column, List<DateTimeOffset> boundaries)
    {
        var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"CASE WHEN {column} < {boundaries[0].UtcTicks} THEN -1");
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {column} < {boundaries[i + 1].UtcTicks} THEN {i}");
        }

        return sql.Append(" ELSE -1 END").ToString();
    }

    /// <summary>The bucket bit (1 &lt;&lt; index) of a ticks column; 0 outside the boundaries.</summary>
    private static string BitOf(string column, IReadOnlyList<DateTimeOffset> boundaries)
    {
        var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"CASE WHEN {column} < {boundaries[0].UtcTicks} THEN 0");
        for (var i = 0; i + 1 < boundaries.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {column} < {boundaries[i + 1].UtcTicks} THEN {1L << i}");
        }

        return sql.Append(" ELSE 0 END").ToString();
    }

    /// <summary>The first instant of every UTC calendar month from the month of <paramref name="start"/>, then the first month start at or after <paramref name="endExclusive"/>.</summary>
    private static List<DateTimeOffset> MonthBoundaries(DateTimeOffset start, DateTimeOffset endExclusive)
    {
        var utc = start.ToUniversalTime();
        var month = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var result = new List<DateTimeOffset> { month };
        while (month < endExclusive && result.Count <= MaxMaskBits + 1)
        {
            month = month.AddMonths(1);
            result.Add(month);
        }

        return result;
    }

    private static CohortCounts Sorted(List<CohortSize> sizes, List<CohortCell> cells)
    {
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
