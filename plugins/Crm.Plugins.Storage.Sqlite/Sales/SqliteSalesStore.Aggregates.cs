using System.Globalization;
using Crm.Engine.Sales;
using Crm.Plugins.Storage.Serialization;
using Crm.Plugins.Storage.Sqlite.Serialization;

namespace Crm.Plugins.Storage.Sqlite.Sales;

/// <summary>The forecast and KPI sums, computed in SQL.</summary>
internal sealed partial class SqliteSalesStore
{
    // Month: yyyy-MM-01. Quarter: yyyy-(first month of the quarter)-01. expected_close is yyyy-MM-dd text.
    private const string MonthKey = "substr(expected_close, 1, 7) || '-01'";
    private const string QuarterKey =
        "substr(expected_close, 1, 5) || printf('%02d', ((CAST(substr(expected_close, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'";

    public async Task<IReadOnlyList<ForecastLine>> ForecastAsync(ForecastQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var period = query.Period == ForecastPeriod.Quarter ? QuarterKey : MonthKey;

        // Amounts are summed per period, owner and probability in SQL; weighting a handful of probability groups in
        // decimal afterwards keeps the product exact (amount x probability overflows 64-bit integers sooner).
        using var command = Command(
            $"SELECT {period} AS period, owner_id, probability, COUNT(*), SUM(amount) FROM sales_deals " +
            "WHERE tenant_id = @tenant AND pipeline_id = @pipeline AND currency = @currency AND status = 'Open' " +
            "AND expected_close >= @from AND expected_close < @to AND (@owner IS NULL OR owner_id = @owner) " +
            "GROUP BY period, owner_id, probability;");
        command.Parameters.AddWithValue("@pipeline", query.PipelineId);
        command.Parameters.AddWithValue("@currency", query.Currency);
        command.Parameters.AddWithValue("@from", SqliteValues.ToDateText(query.From));
        command.Parameters.AddWithValue("@to", SqliteValues.ToDateText(query.To));
        command.Parameters.AddWithValue("@owner", SqliteValues.OrNull(query.OwnerId));
        var groups = new List<(DateOnly Period, string? Owner, decimal Probability, int Count, decimal Amount)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                groups.Add((
                    DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    reader.GetStringOrNull(1),
                    reader.GetInt64(2) / 100m,
                    reader.GetInt32(3),
                    ScaledDecimal.Unscale(reader.GetInt64(4))));
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
            "SELECT status, COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(closed_at - created_at), 0) FROM sales_deals " +
            "WHERE tenant_id = @tenant AND pipeline_id = @pipeline AND currency = @currency AND (@owner IS NULL OR owner_id = @owner) " +
            "AND (status = 'Open' OR (closed_at >= @from AND closed_at < @to)) GROUP BY status;"))
        {
            command.Parameters.AddWithValue("@pipeline", query.PipelineId);
            command.Parameters.AddWithValue("@currency", query.Currency);
            command.Parameters.AddWithValue("@owner", SqliteValues.OrNull(query.OwnerId));
            command.Parameters.AddWithValue("@from", SqliteValues.ToTicks(query.ClosedFrom));
            command.Parameters.AddWithValue("@to", SqliteValues.ToTicks(query.ClosedTo));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var count = reader.GetInt32(1);
                    var amount = ScaledDecimal.Unscale(reader.GetInt64(2));
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

        var conversions = await StageConversionsAsync(query, pipeline, cancellationToken).ConfigureAwait(false);
        return new SalesAggregates(openDeals, openAmount, won, lost, wonAmount, wonTicks, conversions);
    }

    private async Task<IReadOnlyList<StageConversion>> StageConversionsAsync(SalesMetricsQuery query, Pipeline pipeline, CancellationToken cancellationToken)
    {
        // Positions of lost stages are pipeline data (integers), inlined so the EXISTS stays one indexed probe.
        var lostPositions = Enumerable.Range(0, pipeline.Stages.Count).Where(i => pipeline.Stages[i].Kind == DealStatus.Lost).ToList();
        var notLost = lostPositions.Count == 0 ? "" : " AND h2.to_position NOT IN (" + string.Join(", ", lostPositions.Select(p => p.ToString(CultureInfo.InvariantCulture))) + ")";
        using var command = Command(
            "SELECT h.to_position, COUNT(DISTINCT h.deal_id), COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM sales_deal_stages h2 " +
            "WHERE h2.tenant_id = h.tenant_id AND h2.deal_id = h.deal_id AND h2.seq > h.seq AND h2.to_position > h.to_position" + notLost + ") THEN h.deal_id END) " +
            "FROM sales_deal_stages h JOIN sales_deals d ON d.tenant_id = h.tenant_id AND d.id = h.deal_id " +
            "WHERE h.tenant_id = @tenant AND d.pipeline_id = @pipeline AND d.currency = @currency AND (@owner IS NULL OR d.owner_id = @owner) " +
            "GROUP BY h.to_position;");
        command.Parameters.AddWithValue("@pipeline", query.PipelineId);
        command.Parameters.AddWithValue("@currency", query.Currency);
        command.Parameters.AddWithValue("@owner", SqliteValues.OrNull(query.OwnerId));
        var counts = new Dictionary<int, (int Entered, int Advanced)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetInt32(0)] = (reader.GetInt32(1), reader.GetInt32(2));
            }
        }

        return SalesForecastLines.Conversions(pipeline, counts);
    }
}
