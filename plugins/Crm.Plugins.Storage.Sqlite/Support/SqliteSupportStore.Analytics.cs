using Crm.Engine.Analytics;
using Crm.Plugins.Storage.Sqlite.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Support;

/// <summary>The support sums of the analytics report, computed in SQL.</summary>
internal sealed partial class SqliteSupportStore
{
    public async Task<SupportCaseTotals> GetCaseTotalsAsync(DateTimeOffset start, DateTimeOffset endExclusive, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // One range scan of ix_support_cases_opened. A milestone is decided when done or past due at @now; comparisons
        // with NULL are NULL, which SUM skips, so undecided milestones add nothing to either count.
        using var command = Command(
            "SELECT COUNT(*), COUNT(first_response_at), COALESCE(SUM(first_response_at - opened_at), 0), " +
            "COUNT(resolved_at), COALESCE(SUM(resolved_at - opened_at), 0), " +
            "COALESCE(SUM(first_response_due_at IS NOT NULL AND (first_response_at IS NOT NULL OR first_response_due_at < @now)), 0) + " +
            "COALESCE(SUM(resolution_due_at IS NOT NULL AND (resolved_at IS NOT NULL OR resolution_due_at < @now)), 0), " +
            "COALESCE(SUM(first_response_at <= first_response_due_at), 0) + COALESCE(SUM(resolved_at <= resolution_due_at), 0) " +
            "FROM support_cases WHERE tenant_id = @tenant AND opened_at >= @start AND opened_at < @end;");
        command.Parameters.AddWithValue("@start", SqliteValues.ToTicks(start));
        command.Parameters.AddWithValue("@end", SqliteValues.ToTicks(endExclusive));
        command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(asOf));
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
}
