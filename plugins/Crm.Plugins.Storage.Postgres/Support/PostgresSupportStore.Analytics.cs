using Crm.Engine.Analytics;
using Crm.Plugins.Storage.Postgres.Serialization;

namespace Crm.Plugins.Storage.Postgres.Support;

/// <summary>The support sums of the analytics report, computed in SQL (the twin of the SQLite statement).</summary>
internal sealed partial class PostgresSupportStore
{
    public async Task<SupportCaseTotals> GetCaseTotalsAsync(DateTimeOffset start, DateTimeOffset endExclusive, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // One range scan over opened_at. Durations are summed in 100 ns ticks: whole microseconds of the timestamptz
        // difference (EXTRACT(EPOCH ...) is exact numeric) times 10 plus the difference of the tick columns. Instants
        // are compared as (timestamptz, tick) pairs; a pair with NULL compares NULL, which the CASE counts as 0.
        using var command = Command(
            "SELECT COUNT(*), COUNT(first_response_at), " +
            $"COALESCE(SUM({Ticks("first_response_at")} - {Ticks("opened_at")}), 0)::bigint, " +
            $"COUNT(resolved_at), COALESCE(SUM({Ticks("resolved_at")} - {Ticks("opened_at")}), 0)::bigint, " +
            "COUNT(*) FILTER (WHERE first_response_due_at IS NOT NULL AND (first_response_at IS NOT NULL OR (first_response_due_at, first_response_due_at_tick) < (@now, @now_tick))) + " +
            "COUNT(*) FILTER (WHERE resolution_due_at IS NOT NULL AND (resolved_at IS NOT NULL OR (resolution_due_at, resolution_due_at_tick) < (@now, @now_tick))), " +
            "COUNT(*) FILTER (WHERE (first_response_at, first_response_at_tick) <= (first_response_due_at, first_response_due_at_tick)) + " +
            "COUNT(*) FILTER (WHERE (resolved_at, resolved_at_tick) <= (resolution_due_at, resolution_due_at_tick)) " +
            "FROM support_cases WHERE tenant_id = @tenant AND " + PgInstantRange.Within("opened_at", "start", start, "end", endExclusive) + ";");
        command.Parameters.AddBound("start", start);
        command.Parameters.AddBound("end", endExclusive);
        command.Parameters.AddInstant("now", asOf);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new SupportCaseTotals(
                reader.GetInt64(0),
                reader.GetInt64(1),
                TimeSpan.FromTicks(reader.GetInt64(2)),
                reader.GetInt64(3),
                TimeSpan.FromTicks(reader.GetInt64(4)),
                reader.GetInt64(5),
                reader.GetInt64(6));
        }
    }

    private static string Ticks(string column) => $"((EXTRACT(EPOCH FROM {column}) * 1000000)::bigint * 10 + {column}_tick)";
}
