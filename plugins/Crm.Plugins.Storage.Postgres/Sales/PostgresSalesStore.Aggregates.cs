using System.Globalization;
using Crm.Engine.Sales;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Sales;

/// <summary>The forecast and KPI sums, computed in SQL.</summary>
internal sealed partial class PostgresSalesStore
{
    public async Task<IReadOnlyList<ForecastLine>> ForecastAsync(ForecastQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var unit = query.Period == ForecastPeriod.Quarter ? "quarter" : "month";

        // Summed per period, owner and probability in SQL; each group is weighted in decimal, like the SQLite provider.
        using var command = Command(
            $"SELECT date_trunc('{unit}', expected_close)::date AS period, owner_id, probability, COUNT(*)::int, SUM(amount) FROM sales_deals " +
            "WHERE tenant_id = @tenant AND pipeline_id = @pipeline AND currency = @currency AND status = 'Open' " +
            "AND expected_close >= @from AND expected_close < @to AND (@owner::text IS NULL OR owner_id = @owner) " +
            "GROUP BY period, owner_id, probability;");
        command.Parameters.AddUuid("pipeline", query.PipelineId);
        command.Parameters.AddText("currency", query.Currency);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = query.From });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = query.To });
        command.Parameters.AddText("owner", query.OwnerId);
        var groups = new List<(DateOnly Period, string? Owner, decimal Probability, int Count, decimal Amount)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                groups.Add((reader.GetFieldValue<DateOnly>(0), reader.GetStringOrNull(1), reader.GetDecimal(2), reader.GetInt32(3), reader.GetDecimal(4)));
            }
        }

        return SalesForecastLines.Combine(groups);
    }

    public async Task<SalesAggregates> AggregateAsync(SalesMetricsQuery query, Pipeline pipeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(pipeline);
        int openDeals = 0, won = 0, lost = 0;
        decimal openAmount = 0, wonAmount = 0;
        long wonTicks = 0;
        using (var command = Command(
            "SELECT status, COUNT(*)::int, COALESCE(SUM(amount), 0), COALESCE(SUM(closed_ticks - created_ticks), 0)::bigint FROM sales_deals " +
            "WHERE tenant_id = @tenant AND pipeline_id = @pipeline AND currency = @currency AND (@owner::text IS NULL OR owner_id = @owner) " +
            "AND (status = 'Open' OR (closed_ticks >= @from AND closed_ticks < @to)) GROUP BY status;"))
        {
            BindMetrics(command, query);
            command.Parameters.AddBigint("from", query.ClosedFrom.UtcTicks);
            command.Parameters.AddBigint("to", query.ClosedTo.UtcTicks);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var count = reader.GetInt32(1);
                    var amount = reader.GetDecimal(2);
                    switch (reader.GetString(0))
                    {
                        case nameof(DealStatus.Open):
                            (openDeals, openAmount) = (count, amount);
                            break;
                        case nameof(DealStatus.Won):
                            (won, wonAmount, wonTicks) = (count, amount, reader.GetInt64(3));
                            break;
                        default:
                            lost = count;
                            break;
                    }
                }
            }
        }

        var lostPositions = Enumerable.Range(0, pipeline.Stages.Count).Where(i => pipeline.Stages[i].Kind == DealStatus.Lost).ToList();
        var notLost = lostPositions.Count == 0 ? "" : " AND h2.to_position NOT IN (" + string.Join(", ", lostPositions.Select(p => p.ToString(CultureInfo.InvariantCulture))) + ")";
        var counts = new Dictionary<int, (int Entered, int Advanced)>();
        using (var command = Command(
            "SELECT h.to_position, COUNT(DISTINCT h.deal_id)::int, COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM sales_deal_stages h2 " +
            "WHERE h2.tenant_id = h.tenant_id AND h2.deal_id = h.deal_id AND h2.seq > h.seq AND h2.to_position > h.to_position" + notLost + ") THEN h.deal_id END)::int " +
            "FROM sales_deal_stages h JOIN sales_deals d ON d.tenant_id = h.tenant_id AND d.id = h.deal_id " +
            "WHERE h.tenant_id = @tenant AND d.pipeline_id = @pipeline AND d.currency = @currency AND (@owner::text IS NULL OR d.owner_id = @owner) " +
            "GROUP BY h.to_position;"))
        {
            BindMetrics(command, query);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts[reader.GetInt32(0)] = (reader.GetInt32(1), reader.GetInt32(2));
                }
            }
        }

        return new SalesAggregates(openDeals, openAmount, won, lost, wonAmount, wonTicks, SalesForecastLines.Conversions(pipeline, counts));
    }

    private static void BindMetrics(NpgsqlCommand command, SalesMetricsQuery query)
    {
        command.Parameters.AddUuid("pipeline", query.PipelineId);
        command.Parameters.AddText("currency", query.Currency);
        command.Parameters.AddText("owner", query.OwnerId);
    }
}
