using System.Text;
using Crm.Engine.Analytics;
using Crm.Engine.Conditions;
using Crm.Plugins.Storage.Postgres.CustomerData;
using Crm.Plugins.Storage.Postgres.Querying;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Analytics;

/// <summary>
/// Computes KPI aggregates with one statement each over the indexes (ix_purchases_amounts and ix_purchases_customer for
/// purchases, ix_customers_created, ix_interactions_channel and the timeline index) and stores acquisition costs. No
/// statement returns more rows than buckets, channels or cohort cells.
/// </summary>
internal sealed partial class PostgresAnalyticsStore(PostgresStorageSession session) : IAnalyticsStore
{
    private const string CostColumns = "id, channel, campaign_id, incurred_at, incurred_at_tick, amount, currency, note";

    // The first purchase of every buyer of the tenant, read in the order of ix_purchases_customer (exact to the tick).
    private const string FirstPurchases =
        "SELECT DISTINCT ON (customer_id) customer_id, purchased_at, purchased_at_tick FROM purchases WHERE tenant_id = @tenant " +
        "ORDER BY customer_id, purchased_at, purchased_at_tick";

    public async Task UpsertCostAsync(AcquisitionCost cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cost);
        using var command = Command(
            $"INSERT INTO acquisition_costs (tenant_id, {CostColumns}) " +
            "VALUES (@tenant, @id, @channel, @campaign, @incurred, @incurred_tick, @amount, @currency, @note) " +
            "ON CONFLICT (tenant_id, id) DO UPDATE SET channel = excluded.channel, campaign_id = excluded.campaign_id, incurred_at = excluded.incurred_at, " +
            "incurred_at_tick = excluded.incurred_at_tick, amount = excluded.amount, currency = excluded.currency, note = excluded.note;");
        command.Parameters.AddUuid("id", cost.Id);
        command.Parameters.AddText("channel", cost.Channel);
        command.Parameters.AddUuidOrNull("campaign", cost.CampaignId);
        command.Parameters.AddInstant("incurred", cost.IncurredAt);
        command.Parameters.Add(new NpgsqlParameter("amount", NpgsqlDbType.Numeric) { Value = cost.Amount });
        command.Parameters.AddText("currency", cost.Currency);
        command.Parameters.AddText("note", cost.Note);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteCostAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command("DELETE FROM acquisition_costs WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<AcquisitionCost?> GetCostAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {CostColumns} FROM acquisition_costs WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var result = new List<AcquisitionCost>();
        await ReadAsync(command, r => result.Add(Cost(r)), cancellationToken).ConfigureAwait(false);
        return result.Count == 0 ? null : result[0];
    }

    public async Task<IReadOnlyList<AcquisitionCost>> ListCostsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"SELECT {CostColumns} FROM acquisition_costs WHERE tenant_id = @tenant AND {Period("incurred_at", start, endExclusive)} " +
            "ORDER BY incurred_at, incurred_at_tick, id;", start, endExclusive);
        var result = new List<AcquisitionCost>();
        await ReadAsync(command, r => result.Add(Cost(r)), cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<IReadOnlyList<KeyedAmount>> SumCostsByChannelAsync(DateTimeOffset start, DateTimeOffset endExclusive, string currency, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"SELECT channel, SUM(amount) FROM acquisition_costs WHERE tenant_id = @tenant AND {Period("incurred_at", start, endExclusive)} " +
            "AND currency = @currency GROUP BY channel ORDER BY channel;", start, endExclusive);
        command.Parameters.AddText("currency", currency);
        var result = new List<KeyedAmount>();
        await ReadAsync(command, r => result.Add(new KeyedAmount(r.GetString(0), r.GetDecimal(1))), cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<IReadOnlyList<KeyedCount>> CountAcquiredByChannelAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        // First purchases come from one pass over the covering ix_purchases_customer; the first interaction of each new
        // customer is one seek into the timeline index (read backwards: it is stored newest first).
        using var command = Command(
            "SELECT COALESCE((SELECT i.channel FROM interactions i WHERE i.tenant_id = @tenant AND i.customer_id = f.customer_id " +
            "ORDER BY i.occurred_at, i.occurred_at_tick, i.id LIMIT 1), @unattributed) AS first_channel, COUNT(*) " +
            $"FROM ({FirstPurchases}) f WHERE {Period("f.purchased_at", start, endExclusive)} GROUP BY 1 ORDER BY 1;", start, endExclusive);
        command.Parameters.AddText("unattributed", AnalyticsChannels.Unattributed);
        return await CountsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OrderTotals> GetOrderTotalsAsync(DateTimeOffset? start, DateTimeOffset endExclusive, string currency, Condition? customers, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        using var command = Command("");
        var sql = new StringBuilder("SELECT COUNT(*), COALESCE(SUM(p.total), 0), COUNT(DISTINCT p.customer_id) FROM purchases p ")
            .Append("WHERE p.tenant_id = @tenant AND p.currency = @currency AND ").Append(PgInstantRange.Before("p.purchased_at", "end", endExclusive));
        command.Parameters.AddText("currency", currency);
        command.Parameters.AddBound("end", endExclusive);
        if (start is { } from)
        {
            sql.Append(" AND ").Append(PgInstantRange.AtOrAfter("p.purchased_at", "start", from));
            command.Parameters.AddBound("start", from);
        }

        if (customers is not null)
        {
            // The segment catalog (RFM scores included) over customers c; the LEFT JOIN is removed by the planner
            // when the condition reads no score (customer_rfm is unique by customer).
            var translator = new PgConditionTranslator(asOf);
            var predicate = translator.Translate(ConditionBinder.Bind(customers, SegmentFields.Customer), PgSegmentFields.Customer, "c");
            sql.Append(" AND p.customer_id IN (SELECT c.id FROM customers c LEFT JOIN customer_rfm ").Append(PgSegmentFields.RfmAlias)
                .Append(" ON ").Append(PgSegmentFields.RfmAlias).Append(".tenant_id = c.tenant_id AND ").Append(PgSegmentFields.RfmAlias)
                .Append(".customer_id = c.id WHERE c.tenant_id = @tenant AND ").Append(predicate).Append(')');
            command.Parameters.AddRange(translator.Parameters.ToArray());
        }

        command.CommandText = sql.Append(';').ToString();
        var totals = OrderTotals.Empty;
        await ReadAsync(command, r => totals = new OrderTotals(r.GetInt64(0), r.GetDecimal(1), r.GetInt64(2)), cancellationToken).ConfigureAwait(false);
        return totals;
    }

    public async Task<IReadOnlyList<KeyedCount>> CountByLifecycleStageAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        using var command = Command(
            $"SELECT lifecycle_stage, COUNT(*) FROM customers WHERE tenant_id = @tenant AND {Period("created_at", start, endExclusive)} " +
            "GROUP BY lifecycle_stage ORDER BY lifecycle_stage;", start, endExclusive);
        return await CountsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<InteractionCount>> CountInteractionsAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        // ix_interactions_channel (tenant, channel, direction, occurred_at, customer_id) covers the statement when the
        // bounds are whole microseconds: the groups come in index order and the time filter is checked in the index.
        using var command = Command(
            $"SELECT channel, direction, COUNT(*) FROM interactions WHERE tenant_id = @tenant AND {Period("occurred_at", start, endExclusive)} " +
            "GROUP BY channel, direction ORDER BY channel, direction;", start, endExclusive);
        var result = new List<InteractionCount>();
        await ReadAsync(command, r => result.Add(new InteractionCount(r.GetString(0), Enum.Parse<InteractionDirection>(r.GetString(1)), r.GetInt64(2))), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static AcquisitionCost Cost(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetInstant(3, 4), reader.GetDecimal(5), reader.GetString(6))
        {
            CampaignId = reader.GetGuidOrNull(2),
            Note = reader.GetStringOrNull(7),
        };

    /// <summary>Gets <c>@start &lt;= column &lt; @end</c>, with the bounds of <see cref="Command(string, DateTimeOffset, DateTimeOffset)"/>.</summary>
    private static string Period(string column, DateTimeOffset start, DateTimeOffset endExclusive) =>
        PgInstantRange.Within(column, "start", start, "end", endExclusive);

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }

    private NpgsqlCommand Command(string sql, DateTimeOffset start, DateTimeOffset endExclusive)
    {
        var command = Command(sql);
        command.Parameters.AddBound("start", start);
        command.Parameters.AddBound("end", endExclusive);
        return command;
    }

    private static async Task<IReadOnlyList<KeyedCount>> CountsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<KeyedCount>();
        await ReadAsync(command, r => result.Add(new KeyedCount(r.GetString(0), r.GetInt64(1))), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async Task ReadAsync(NpgsqlCommand command, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
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
