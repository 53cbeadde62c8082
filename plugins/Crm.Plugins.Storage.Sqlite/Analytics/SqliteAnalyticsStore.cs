using System.Text;
using Crm.Engine.Analytics;
using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Sqlite.Querying;
using Crm.Plugins.Storage.Sqlite.CustomerData;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Analytics;

/// <summary>
/// Computes KPI aggregates with one statement each, reading covering indexes only (schema steps 10 and 21:
/// ix_purchases_amounts, ix_purchases_buyers, ix_purchases_customer, ix_customers_created_stage,
/// ix_interactions_channel) or the rollups of step 23 that triggers keep exact (AnalyticsRollups,
/// analytics_customer_firsts), and stores acquisition costs. No statement returns more rows
/// than buckets, channels or cohort cells (churn: one per distinct activity pattern).
/// </summary>
internal sealed partial class SqliteAnalyticsStore(SqliteStorageSession session) : IAnalyticsStore
{
    public async Task UpsertCostAsync(AcquisitionCost cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cost);
        using var command = session.CreateCommand(
            "INSERT INTO acquisition_costs (tenant_id, id, channel, campaign_id, incurred_at, amount, currency, note) " +
            "VALUES (@tenant, @id, @channel, @campaign, @incurred, @amount, @currency, @note) " +
            "ON CONFLICT (tenant_id, id) DO UPDATE SET channel = excluded.channel, campaign_id = excluded.campaign_id, " +
            "incurred_at = excluded.incurred_at, amount = excluded.amount, currency = excluded.currency, note = excluded.note;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", cost.Id);
        command.Parameters.AddWithValue("@channel", cost.Channel);
        command.Parameters.AddWithValue("@campaign", SqliteValues.OrNull(cost.CampaignId));
        command.Parameters.AddWithValue("@incurred", cost.IncurredAt.UtcTicks);
        command.Parameters.AddWithValue("@amount", (long)(decimal.Round(cost.Amount, ScaledDecimal.Decimals) * ScaledDecimal.Factor));
        command.Parameters.AddWithValue("@currency", cost.Currency);
        command.Parameters.AddWithValue("@note", SqliteValues.OrNull(cost.Note));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteCostAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("DELETE FROM acquisition_costs WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<AcquisitionCost?> GetCostAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT id, channel, campaign_id, incurred_at, amount, currency, note FROM acquisition_costs WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", id);
        var result = new List<AcquisitionCost>();
        await ReadAsync(command, r => result.Add(Cost(r)), cancellationToken).ConfigureAwait(false);
        return result.Count == 0 ? null : result[0];
    }

    public async Task<IReadOnlyList<AcquisitionCost>> ListCostsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT id, channel, campaign_id, incurred_at, amount, currency, note FROM acquisition_costs " +
            "WHERE tenant_id = @tenant AND incurred_at >= @start AND incurred_at < @end ORDER BY incurred_at, id;", start, endExclusive);
        var result = new List<AcquisitionCost>();
        await ReadAsync(command, r => result.Add(Cost(r)), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static AcquisitionCost Cost(SqliteDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), SqliteValues.FromTicks(reader.GetInt64(3)), ScaledDecimal.Unscale(reader.GetInt64(4)), reader.GetString(5))
        {
            CampaignId = reader.GetGuidOrNull(2),
            Note = reader.GetStringOrNull(6),
        };

    public async Task<IReadOnlyList<KeyedAmount>> SumCostsByChannelAsync(DateTimeOffset start, DateTimeOffset endExclusive, string currency, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT channel, SUM(amount) FROM acquisition_costs WHERE tenant_id = @tenant AND incurred_at >= @start AND incurred_at < @end " +
            "AND currency = @currency GROUP BY channel ORDER BY channel;", start, endExclusive);
        command.Parameters.AddWithValue("@currency", currency);
        var result = new List<KeyedAmount>();
        await ReadAsync(command, r => result.Add(new KeyedAmount(r.GetString(0), ScaledDecimal.Unscale(r.GetInt64(1)))), cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<IReadOnlyList<KeyedCount>> CountAcquiredByChannelAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        // analytics_customer_firsts (schema 23, kept by triggers) holds each customer's first purchase and first touch:
        // the new customers of the period are one range of ix_analytics_customer_firsts_acquired, which carries the
        // channel. Before it, a pass over every purchase plus a first-touch seek per new customer cost 2.3 s CPU at 1M.
        using var command = Command(
            "SELECT COALESCE(first_touch_channel, @unattributed) AS channel, COUNT(*) FROM analytics_customer_firsts " +
            "INDEXED BY ix_analytics_customer_firsts_acquired WHERE tenant_id = @tenant AND first_purchase_at >= @start " +
            "AND first_purchase_at < @end GROUP BY channel ORDER BY channel;", start, endExclusive);
        command.Parameters.AddWithValue("@unattributed", AnalyticsChannels.Unattributed);
        return await CountsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OrderTotals> GetOrderTotalsAsync(DateTimeOffset? start, DateTimeOffset endExclusive, string currency, Condition? customers, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // Buyers are the groups of a GROUP BY customer_id that ix_purchases_buyers (tenant, currency, customer, time,
        // total) delivers in order: no COUNT(DISTINCT) temp b-tree, which cost 6x the scan itself (docs/benchmarks.md).
        // The price is a scan of every purchase in the currency even for a short period.
        var sql = new StringBuilder("SELECT COALESCE(SUM(n), 0), COALESCE(SUM(t), 0), COUNT(*) FROM (SELECT p.customer_id, COUNT(*) AS n, SUM(p.total) AS t ")
            .Append("FROM purchases p INDEXED BY ix_purchases_buyers WHERE p.tenant_id = @tenant AND p.currency = @currency AND p.purchased_at < @end");
        if (start is not null)
        {
            sql.Append(" AND p.purchased_at >= @start");
        }

        using var command = session.CreateCommand("");
        if (customers is not null)
        {
            var translator = new SqlConditionTranslator(asOf);
            var predicate = translator.Translate(ConditionBinder.Bind(customers, SegmentFields.Customer), SegmentSqlFields.Customer, "c");
            sql.Append(" AND p.customer_id IN (SELECT c.id FROM customers c WHERE c.tenant_id = @tenant AND ").Append(predicate).Append(')');
            foreach (var (name, value) in translator.Parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }

        command.CommandText = sql.Append(" GROUP BY p.customer_id);").ToString();
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@start", start?.UtcTicks ?? 0L);
        command.Parameters.AddWithValue("@end", endExclusive.UtcTicks);
        command.Parameters.AddWithValue("@currency", currency);
        var totals = OrderTotals.Empty;
        await ReadAsync(command, r => totals = new OrderTotals(r.GetInt64(0), ScaledDecimal.Unscale(r.GetInt64(1)), r.GetInt64(2)), cancellationToken).ConfigureAwait(false);
        return totals;
    }

    public async Task<IReadOnlyList<KeyedCount>> CountByLifecycleStageAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        using var command = Command(
            "SELECT lifecycle_stage, COUNT(*) FROM customers WHERE tenant_id = @tenant AND created_at >= @start AND created_at < @end " +
            "GROUP BY lifecycle_stage ORDER BY lifecycle_stage;", start, endExclusive);
        return await CountsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InteractionCount>> CountInteractionsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        // Whole UTC days (every report period cut at midnight) read the daily rollup of schema 23: a few rows per day
        // instead of every interaction. Otherwise ix_interactions_channel (tenant, channel, direction, occurred_at, ...)
        // covers the statement: the groups come in index order and the time filter is checked in the index.
        using var command = AnalyticsRollups.IsWholeDays(start, endExclusive) ? AnalyticsRollups.InteractionsCommand(session, start, endExclusive) : Command(
            "SELECT channel, direction, COUNT(*) FROM interactions INDEXED BY ix_interactions_channel WHERE tenant_id = @tenant " +
            "AND occurred_at >= @start AND occurred_at < @end GROUP BY channel, direction ORDER BY channel, direction;", start, endExclusive);
        var result = new List<InteractionCount>();
        await ReadAsync(command, r => result.Add(new InteractionCount(r.GetString(0), Enum.Parse<InteractionDirection>(r.GetString(1)), r.GetInt64(2))), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private SqliteCommand Command(string sql, DateTimeOffset start, DateTimeOffset endExclusive)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@start", start.UtcTicks);
        command.Parameters.AddWithValue("@end", endExclusive.UtcTicks);
        return command;
    }

    private static async Task<IReadOnlyList<KeyedCount>> CountsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<KeyedCount>();
        await ReadAsync(command, r => result.Add(new KeyedCount(r.GetString(0), r.GetInt64(1))), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task ReadAsync(SqliteCommand command, Action<SqliteDataReader> row, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row(reader);
            }
        }
    }
}
