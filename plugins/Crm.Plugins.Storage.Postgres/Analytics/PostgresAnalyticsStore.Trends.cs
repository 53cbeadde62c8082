using System.Globalization;
using System.Text;
using Crm.Engine.Analytics;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Analytics;

internal sealed partial class PostgresAnalyticsStore
{
    // The buckets as a table b(i, s, st, e, et) from four array parameters (starts and ends with their tick remainders).
    private const string Buckets =
        "WITH b AS (SELECT (u.o - 1)::int AS i, u.s, u.st, u.e, u.et FROM unnest(@starts, @start_ticks, @ends, @end_ticks) WITH ORDINALITY AS u(s, st, e, et, o)) ";

    public async Task<IReadOnlyList<RevenuePoint>> GetRevenueTrendAsync(IReadOnlyList<DateTimeOffset> boundaries, string currency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        if (boundaries.Count < 2)
        {
            return [];
        }

        // The bucket list drives the statement: one range scan of ix_purchases_amounts (index-only) and one of
        // ix_customers_created per bucket. The plain bounds on the timestamptz column bound the scans; the row
        // comparisons make them exact to the tick.
        using var command = Command(
            Buckets +
            "SELECT b.i, x.n, x.t, x.d, (SELECT COUNT(*) FROM customers c WHERE c.tenant_id = @tenant AND c.created_at >= b.s AND c.created_at <= b.e " +
            "AND (c.created_at, c.created_at_tick) >= (b.s, b.st) AND (c.created_at, c.created_at_tick) < (b.e, b.et)) " +
            "FROM b CROSS JOIN LATERAL (SELECT COUNT(*) AS n, COALESCE(SUM(p.total), 0) AS t, COUNT(DISTINCT p.customer_id) AS d FROM purchases p " +
            "WHERE p.tenant_id = @tenant AND p.purchased_at >= b.s AND p.purchased_at <= b.e AND (p.purchased_at, p.purchased_at_tick) >= (b.s, b.st) " +
            "AND (p.purchased_at, p.purchased_at_tick) < (b.e, b.et) AND p.currency = @currency) x ORDER BY b.i;");
        AddBuckets(command.Parameters, boundaries);
        command.Parameters.AddText("currency", currency);
        var result = new List<RevenuePoint>(boundaries.Count - 1);
        await ReadAsync(command, r =>
        {
            var i = r.GetInt32(0);
            result.Add(new RevenuePoint(boundaries[i], boundaries[i + 1], new OrderTotals(r.GetInt64(1), r.GetDecimal(2), r.GetInt64(3)), r.GetInt64(4)));
        }, cancellationToken).ConfigureAwait(false);
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
        // active at boundary k. Churned in bucket k = active at k and not at k + 1. Only parameter names are generated.
        using var command = Command("");
        var sql = new StringBuilder("SELECT ");
        for (var k = 0; k < boundaries.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(a{k}), 0)::bigint, ");
        }

        for (var k = 0; k + 1 < boundaries.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"COUNT(*) FILTER (WHERE a{k} > a{k + 1})").Append(k + 2 < boundaries.Count ? ", " : " ");
        }

        sql.Append("FROM (SELECT ");
        for (var k = 0; k < boundaries.Count; k++)
        {
            var from = "from" + k.ToString(CultureInfo.InvariantCulture);
            var to = "to" + k.ToString(CultureInfo.InvariantCulture);
            sql.Append("MAX(CASE WHEN ").Append(PgInstantRange.Within("purchased_at", from, boundaries[k] - window, to, boundaries[k]))
                .Append(CultureInfo.InvariantCulture, $" THEN 1 ELSE 0 END) AS a{k}, ");
            command.Parameters.AddBound(from, boundaries[k] - window);
            command.Parameters.AddBound(to, boundaries[k]);
        }

        sql.Append("customer_id FROM purchases WHERE tenant_id = @tenant AND ")
            .Append(PgInstantRange.Within("purchased_at", "start", boundaries[0] - window, "end", boundaries[^1]))
            .Append(" GROUP BY customer_id) active;");
        command.Parameters.AddBound("start", boundaries[0] - window);
        command.Parameters.AddBound("end", boundaries[^1]);
        command.CommandText = sql.ToString();
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
            ? $"SELECT id AS customer_id, created_at AS first_at FROM customers WHERE tenant_id = @tenant AND {Period("created_at", start, endExclusive)}"
            : $"SELECT customer_id, purchased_at AS first_at FROM ({FirstPurchases}) f WHERE {Period("f.purchased_at", start, endExclusive)}";

        // Months are UTC calendar months. Sizes come back with a NULL activity month; cells count distinct customers per
        // (cohort month, activity month).
        var sql = $"WITH f AS MATERIALIZED (SELECT customer_id, date_trunc('month', first_at AT TIME ZONE 'UTC')::date AS cm FROM ({firsts}) firsts) " +
            "SELECT cm, NULL::date, COUNT(*) FROM f GROUP BY cm " +
            "UNION ALL SELECT f.cm, date_trunc('month', p.purchased_at AT TIME ZONE 'UTC')::date AS am, COUNT(DISTINCT p.customer_id) FROM f " +
            $"JOIN purchases p ON p.tenant_id = @tenant AND p.customer_id = f.customer_id WHERE {PgInstantRange.Before("p.purchased_at", "end", endExclusive)} " +
            "GROUP BY f.cm, am;";
        using var command = Command(sql, start, endExclusive);
        var sizes = new List<CohortSize>();
        var cells = new List<CohortCell>();
        await ReadAsync(command, r =>
        {
            var cohort = r.GetFieldValue<DateOnly>(0);
            if (r.IsDBNull(1))
            {
                sizes.Add(new CohortSize(cohort, r.GetInt64(2)));
                return;
            }

            var month = r.GetFieldValue<DateOnly>(1);
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

    private static void AddBuckets(NpgsqlParameterCollection parameters, IReadOnlyList<DateTimeOffset> boundaries)
    {
        var count = boundaries.Count - 1;
        var starts = new DateTimeOffset[count];
        var startTicks = new short[count];
        var ends = new DateTimeOffset[count];
        var endTicks = new short[count];
        for (var i = 0; i < count; i++)
        {
            (starts[i], startTicks[i]) = PgInstant.From(boundaries[i]);
            (ends[i], endTicks[i]) = PgInstant.From(boundaries[i + 1]);
        }

        parameters.Add(new NpgsqlParameter("starts", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = starts });
        parameters.Add(new NpgsqlParameter("start_ticks", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = startTicks });
        parameters.Add(new NpgsqlParameter("ends", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = ends });
        parameters.Add(new NpgsqlParameter("end_ticks", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = endTicks });
    }
}
