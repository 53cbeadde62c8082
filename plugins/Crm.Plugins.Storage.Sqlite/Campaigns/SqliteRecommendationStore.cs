using Crm.Engine.Campaigns;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Campaigns;

/// <summary>
/// Mines co-purchase rules in SQL: SKUs counted per purchase and pruned below the thresholds first (a pair is never
/// more frequent than either of its SKUs) and numbered, so the pair self-join works on small integers; each unordered
/// pair is counted once (x &lt; y) and written as the two rules x → y and y → x.
/// </summary>
/// <remarks>
/// Everything runs inside SQLite in temporary tables (its sorter spills to disk when a GROUP BY outgrows its cache),
/// so the memory held does not grow with the number of purchase lines.
/// </remarks>
internal sealed class SqliteRecommendationStore(SqliteStorageSession session) : IRecommendationStore
{
    private const string RuleColumns = "antecedent, consequent, pair_count, support, confidence, lift";
    private const string ClearTemporaryTables = "DELETE FROM temp.crm_basket_lines; DELETE FROM temp.crm_basket_items; DELETE FROM temp.crm_basket_pairs;";

    public async Task<AssociationRuleSummary> ComputeRulesAsync(AssociationRuleOptions options, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var scope = session.BeginWrite();
        await ExecuteAsync(
            "CREATE TEMP TABLE IF NOT EXISTS crm_basket_items (item INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, purchases INTEGER NOT NULL); " +
            "CREATE TEMP TABLE IF NOT EXISTS crm_basket_lines (purchase_id BLOB NOT NULL, item INTEGER NOT NULL, PRIMARY KEY (purchase_id, item)) WITHOUT ROWID; " +
            "CREATE TEMP TABLE IF NOT EXISTS crm_basket_pairs (x INTEGER NOT NULL, y INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (x, y)) WITHOUT ROWID; " +
            ClearTemporaryTables, null, cancellationToken).ConfigureAwait(false);
        try
        {
            var since = options.Since is { } from
                ? "JOIN purchases p ON p.tenant_id = l.tenant_id AND p.id = l.purchase_id AND p.purchased_at >= @since "
                : "";
            Action<SqliteCommand> bindSince = c => c.Parameters.AddWithValue("@since", options.Since?.UtcTicks ?? 0);
            var purchases = await ScalarAsync($"SELECT COUNT(DISTINCT l.purchase_id) FROM purchase_lines l {since}WHERE l.tenant_id = @tenant;", bindSince, cancellationToken).ConfigureAwait(false);
            var minCount = Math.Max(Math.Max(options.MinPairCount, 1), (long)Math.Ceiling(options.MinSupport * purchases));
            await ExecuteAsync(
                "INSERT INTO temp.crm_basket_items (sku, purchases) " +
                $"SELECT l.sku, COUNT(DISTINCT l.purchase_id) FROM purchase_lines l {since}WHERE l.tenant_id = @tenant GROUP BY l.sku HAVING COUNT(DISTINCT l.purchase_id) >= @min;",
                c =>
                {
                    bindSince(c);
                    c.Parameters.AddWithValue("@min", minCount);
                },
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                "INSERT OR IGNORE INTO temp.crm_basket_lines (purchase_id, item) " +
                $"SELECT l.purchase_id, i.item FROM purchase_lines l JOIN temp.crm_basket_items i ON i.sku = l.sku {since}WHERE l.tenant_id = @tenant;",
                bindSince,
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                "INSERT INTO temp.crm_basket_pairs (x, y, n) SELECT a.item, b.item, COUNT(*) FROM temp.crm_basket_lines a " +
                "JOIN temp.crm_basket_lines b ON b.purchase_id = a.purchase_id AND b.item > a.item GROUP BY a.item, b.item HAVING COUNT(*) >= @min;",
                c => c.Parameters.AddWithValue("@min", minCount),
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync("DELETE FROM association_rules WHERE tenant_id = @tenant;", null, cancellationToken).ConfigureAwait(false);
            var rules = 0L;
            foreach (var (antecedent, consequent) in new[] { ("x", "y"), ("y", "x") })
            {
                rules += await ExecuteAsync(
                    $"INSERT INTO association_rules (tenant_id, {RuleColumns}, computed_at) " +
                    "SELECT @tenant, ia.sku, ic.sku, p.n, CAST(p.n AS REAL) / @total, CAST(p.n AS REAL) / ia.purchases, " +
                    "(CAST(p.n AS REAL) / ia.purchases) / (CAST(ic.purchases AS REAL) / @total), @at FROM temp.crm_basket_pairs p " +
                    $"JOIN temp.crm_basket_items ia ON ia.item = p.{antecedent} JOIN temp.crm_basket_items ic ON ic.item = p.{consequent} " +
                    "WHERE CAST(p.n AS REAL) / ia.purchases >= @confidence;",
                    c =>
                    {
                        c.Parameters.AddWithValue("@total", Math.Max(purchases, 1));
                        c.Parameters.AddWithValue("@confidence", options.MinConfidence);
                        c.Parameters.AddWithValue("@at", computedAt.UtcTicks);
                    },
                    cancellationToken).ConfigureAwait(false);
            }

            scope.Commit();
            return new AssociationRuleSummary(computedAt, purchases, rules);
        }
        finally
        {
            await ExecuteAsync(ClearTemporaryTables, null, CancellationToken.None).ConfigureAwait(false);
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

    private async Task<long> ScalarAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        bind(command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
