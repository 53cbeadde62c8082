using Crm.Engine.Campaigns;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Campaigns;

/// <summary>
/// Mines co-purchase rules in SQL: distinct SKUs per purchase into a temporary table, SKUs below the thresholds pruned
/// (a pair is never more frequent than either of its SKUs), then pairs within a purchase counted by a self-join.
/// </summary>
internal sealed class SqliteRecommendationStore(SqliteStorageSession session) : IRecommendationStore
{
    private const string RuleColumns = "antecedent, consequent, pair_count, support, confidence, lift";

    public async Task<AssociationRuleSummary> ComputeRulesAsync(AssociationRuleOptions options, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var scope = session.BeginWrite();
        await ExecuteAsync(
            "CREATE TEMP TABLE IF NOT EXISTS crm_basket_lines (purchase_id BLOB NOT NULL, sku TEXT NOT NULL, PRIMARY KEY (purchase_id, sku)) WITHOUT ROWID; " +
            "CREATE TEMP TABLE IF NOT EXISTS crm_basket_items (sku TEXT NOT NULL PRIMARY KEY, purchases INTEGER NOT NULL) WITHOUT ROWID; " +
            "DELETE FROM temp.crm_basket_lines; DELETE FROM temp.crm_basket_items;", null, cancellationToken).ConfigureAwait(false);
        try
        {
            var since = options.Since is { } from
                ? "JOIN purchases p ON p.tenant_id = l.tenant_id AND p.id = l.purchase_id AND p.purchased_at >= @since "
                : "";
            await ExecuteAsync(
                $"INSERT OR IGNORE INTO temp.crm_basket_lines (purchase_id, sku) SELECT l.purchase_id, l.sku FROM purchase_lines l {since}WHERE l.tenant_id = @tenant;",
                c => c.Parameters.AddWithValue("@since", options.Since?.UtcTicks ?? 0), cancellationToken).ConfigureAwait(false);
            var purchases = await ScalarAsync("SELECT COUNT(DISTINCT purchase_id) FROM temp.crm_basket_lines;", cancellationToken).ConfigureAwait(false);
            var minCount = Math.Max(Math.Max(options.MinPairCount, 1), (long)Math.Ceiling(options.MinSupport * purchases));
            await ExecuteAsync(
                "INSERT INTO temp.crm_basket_items (sku, purchases) SELECT sku, COUNT(*) FROM temp.crm_basket_lines GROUP BY sku HAVING COUNT(*) >= @min;",
                c => c.Parameters.AddWithValue("@min", minCount), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync("DELETE FROM association_rules WHERE tenant_id = @tenant;", null, cancellationToken).ConfigureAwait(false);
            var rules = await ExecuteAsync(
                $"INSERT INTO association_rules (tenant_id, {RuleColumns}, computed_at) " +
                "SELECT @tenant, x, y, n, CAST(n AS REAL) / @total, CAST(n AS REAL) / ix.purchases, " +
                "(CAST(n AS REAL) / ix.purchases) / (CAST(iy.purchases AS REAL) / @total), @at FROM (" +
                "SELECT a.sku AS x, b.sku AS y, COUNT(*) AS n FROM temp.crm_basket_lines a JOIN temp.crm_basket_lines b ON b.purchase_id = a.purchase_id AND b.sku <> a.sku " +
                "WHERE a.sku IN (SELECT sku FROM temp.crm_basket_items) AND b.sku IN (SELECT sku FROM temp.crm_basket_items) " +
                "GROUP BY a.sku, b.sku HAVING COUNT(*) >= @min) " +
                "JOIN temp.crm_basket_items ix ON ix.sku = x JOIN temp.crm_basket_items iy ON iy.sku = y " +
                "WHERE CAST(n AS REAL) / ix.purchases >= @confidence;",
                c =>
                {
                    c.Parameters.AddWithValue("@total", Math.Max(purchases, 1));
                    c.Parameters.AddWithValue("@min", minCount);
                    c.Parameters.AddWithValue("@confidence", options.MinConfidence);
                    c.Parameters.AddWithValue("@at", computedAt.UtcTicks);
                },
                cancellationToken).ConfigureAwait(false);
            scope.Commit();
            return new AssociationRuleSummary(computedAt, purchases, rules);
        }
        finally
        {
            await ExecuteAsync("DELETE FROM temp.crm_basket_lines; DELETE FROM temp.crm_basket_items;", null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<AssociationRule>> ListRulesAsync(string? antecedent, int limit, CancellationToken cancellationToken)
    {
        var filter = antecedent is null ? "" : " AND antecedent = @antecedent";
        using var command = session.CreateCommand(
            $"SELECT {RuleColumns} FROM association_rules WHERE tenant_id = @tenant{filter} ORDER BY lift DESC, confidence DESC, antecedent, consequent LIMIT @limit;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@limit", limit);
        if (antecedent is not null)
        {
            command.Parameters.AddWithValue("@antecedent", antecedent);
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
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@limit", limit);
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

    private async Task<long> ExecuteAsync(string sql, Action<SqliteCommand>? bind, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        bind?.Invoke(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
