using Crm.Engine.Campaigns;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Campaigns;

/// <summary>
/// Mines co-purchase rules in SQL: distinct SKUs per purchase (materialized once), SKUs below the thresholds pruned
/// (a pair is never more frequent than either of its SKUs), then pairs within a purchase counted by a self-join.
/// </summary>
internal sealed class PostgresRecommendationStore(PostgresStorageSession session) : IRecommendationStore
{
    private const string RuleColumns = "antecedent, consequent, pair_count, support, confidence, lift";

    public async Task<AssociationRuleSummary> ComputeRulesAsync(AssociationRuleOptions options, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var since = options.Since is not null
            ? "JOIN purchases p ON p.tenant_id = l.tenant_id AND p.id = l.purchase_id AND p.purchased_at >= @since "
            : "";
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            long purchases;
            using (var count = session.CreateCommand($"SELECT COUNT(DISTINCT l.purchase_id) FROM purchase_lines l {since}WHERE l.tenant_id = @tenant;"))
            {
                Bind(count, options);
                purchases = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            var minCount = Math.Max(Math.Max(options.MinPairCount, 1), (long)Math.Ceiling(options.MinSupport * purchases));
            using (var delete = session.CreateCommand("DELETE FROM association_rules WHERE tenant_id = @tenant;"))
            {
                delete.Parameters.AddText("@tenant", session.TenantId);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            long rules;
            using (var insert = session.CreateCommand(
                $"WITH baskets AS MATERIALIZED (SELECT DISTINCT l.purchase_id, l.sku FROM purchase_lines l {since}WHERE l.tenant_id = @tenant), " +
                "items AS MATERIALIZED (SELECT sku, COUNT(*) AS purchases FROM baskets GROUP BY sku HAVING COUNT(*) >= @min), " +
                "frequent AS MATERIALIZED (SELECT b.purchase_id, b.sku FROM baskets b JOIN items i ON i.sku = b.sku), " +
                "pairs AS (SELECT a.sku AS x, b.sku AS y, COUNT(*) AS n FROM frequent a JOIN frequent b ON b.purchase_id = a.purchase_id AND b.sku <> a.sku " +
                "GROUP BY a.sku, b.sku HAVING COUNT(*) >= @min) " +
                $"INSERT INTO association_rules (tenant_id, {RuleColumns}, computed_at) " +
                "SELECT @tenant, x, y, n, n::float8 / @total, n::float8 / ix.purchases, (n::float8 / ix.purchases) / (iy.purchases::float8 / @total), @at " +
                "FROM pairs JOIN items ix ON ix.sku = x JOIN items iy ON iy.sku = y WHERE n::float8 / ix.purchases >= @confidence;"))
            {
                Bind(insert, options);
                insert.Parameters.AddBigint("@min", minCount);
                insert.Parameters.Add(new NpgsqlParameter("@total", NpgsqlDbType.Double) { Value = (double)Math.Max(purchases, 1) });
                insert.Parameters.Add(new NpgsqlParameter("@confidence", NpgsqlDbType.Double) { Value = options.MinConfidence });
                insert.Parameters.AddBigint("@at", computedAt.UtcTicks);
                rules = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await scope.CommitAsync().ConfigureAwait(false);
            return new AssociationRuleSummary(computedAt, purchases, rules);
        }
    }

    public async Task<IReadOnlyList<AssociationRule>> ListRulesAsync(string? antecedent, int limit, CancellationToken cancellationToken)
    {
        var filter = antecedent is null ? "" : " AND antecedent = @antecedent";
        using var command = session.CreateCommand(
            $"SELECT {RuleColumns} FROM association_rules WHERE tenant_id = @tenant{filter} ORDER BY lift DESC, confidence DESC, antecedent, consequent LIMIT @limit;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddInteger("@limit", limit);
        if (antecedent is not null)
        {
            command.Parameters.AddText("@antecedent", antecedent);
        }

        var result = new List<AssociationRule>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new AssociationRule(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<ProductRecommendation>> RecommendAsync(Guid customerId, int limit, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "WITH owned AS (SELECT DISTINCT l.sku FROM purchases p JOIN purchase_lines l ON l.tenant_id = p.tenant_id AND l.purchase_id = p.id " +
            "WHERE p.tenant_id = @tenant AND p.customer_id = @customer), " +
            "ranked AS (SELECT r.consequent, r.antecedent, r.lift, r.confidence, ROW_NUMBER() OVER (PARTITION BY r.consequent " +
            "ORDER BY r.lift DESC, r.confidence DESC, r.antecedent) AS rank FROM association_rules r " +
            "WHERE r.tenant_id = @tenant AND r.antecedent IN (SELECT sku FROM owned) AND r.consequent NOT IN (SELECT sku FROM owned)) " +
            "SELECT consequent, antecedent, lift, confidence FROM ranked WHERE rank = 1 ORDER BY lift DESC, confidence DESC, consequent LIMIT @limit;");
        command.Parameters.AddText("@tenant", session.TenantId);
        command.Parameters.AddUuid("@customer", customerId);
        command.Parameters.AddInteger("@limit", limit);
        var result = new List<ProductRecommendation>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new ProductRecommendation(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3)));
            }
        }

        return result;
    }

    private void Bind(NpgsqlCommand command, AssociationRuleOptions options)
    {
        command.Parameters.AddText("@tenant", session.TenantId);
        if (options.Since is { } since)
        {
            command.Parameters.Add(new NpgsqlParameter("@since", NpgsqlDbType.TimestampTz) { Value = since.ToUniversalTime() });
        }
    }
}
