using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Customers;
using Crm.Plugins.Storage.Sqlite.Interactions;
using Crm.Plugins.Storage.Sqlite.Purchases;
using Crm.Plugins.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

public sealed class SqliteStorageProviderTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InitializeAsync_RunTwice_AppliesEachMigrationOnce()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await provider.InitializeAsync(None);

        var applied = await QueryAsync("SELECT version, name, applied_at FROM schema_migrations ORDER BY version;", r => (r.GetInt32(0), r.GetString(1), r.GetInt64(2)));
        Assert.Equal(SchemaMigrations.All.Select(m => m.Version), applied.Select(a => a.Item1));
        Assert.Equal(SchemaMigrations.All.Select(m => m.Name), applied.Select(a => a.Item2));
        Assert.All(applied, a => Assert.True(a.Item3 > DateTimeOffset.UnixEpoch.UtcTicks));
        // Strictly ascending; the customers branch carries step 3 before the workflows branch's step 2 is merged.
        Assert.Equal(SchemaMigrations.All.Select(m => m.Version).Order().Distinct(), SchemaMigrations.All.Select(m => m.Version));
    }

    [Fact]
    public async Task InitializeAsync_ManyProvidersAtOnce_AllSucceedAndApplyOnce()
    {
        var providers = Enumerable.Range(0, 4).Select(_ => _database.CreateProvider()).ToList();

        await Task.WhenAll(providers.Select(p => Task.Run(() => p.InitializeAsync(None))));

        var versions = await QueryAsync("SELECT version FROM schema_migrations;", r => r.GetInt32(0));
        Assert.Equal(SchemaMigrations.All.Count, versions.Count);
        var tables = await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name;", r => r.GetString(0));
        Assert.Equal(["acquisition_costs", "analytics_customer_firsts", "analytics_interaction_days", "analytics_purchase_days", "association_rules", "audit_log", "campaign_events", "campaign_recipients", "campaigns", "consents", "custom_fields", "customer_emails", "customer_rfm", "customers", "erasures", "inbound_cursors", "inbound_receipts", "interactions", "knowledge_articles", "knowledge_fts", "knowledge_fts_config", "knowledge_fts_content", "knowledge_fts_data", "knowledge_fts_docsize", "knowledge_fts_idx", "loyalty_accounts", "loyalty_ledger", "merge_records", "outbox_attempts", "outbox_messages", "purchase_lines", "purchases", "sales_deal_stages", "sales_deals", "sales_leads", "sales_orders", "sales_pipelines", "sales_quotes", "scheduled_jobs", "schema_migrations", "segments", "support_alerts", "support_assignment_turns", "support_case_milestones", "support_cases", "suppressed_addresses", "suppressed_customers", "survey_invitations", "survey_responses", "surveys", "workflow_fire_keys", "workflow_history", "workflow_instances", "workflow_timers"], tables);
    }

    [Fact]
    public async Task InitializeAsync_SchemaNewerThanProvider_Throws()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await QueryAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0);", r => 0);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.InitializeAsync(None));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_SetsWalJournal()
    {
        await _database.CreateProvider().InitializeAsync(None);

        var mode = await QueryAsync("PRAGMA journal_mode;", r => r.GetString(0));
        Assert.Equal("wal", mode.Single());
    }

    [Fact]
    public async Task OpenSession_ConfiguresConnection()
    {
        var provider = _database.CreateProvider(o =>
        {
            o.BusyTimeout = TimeSpan.FromMilliseconds(1234);
            o.PageCacheMegabytes = 3;
        });
        await provider.InitializeAsync(None);
        var session = (SqliteStorageSession)await provider.OpenSessionAsync("t", None);
        await using (session)
        {
            Assert.Equal(1234L, await ScalarAsync(session, "PRAGMA busy_timeout;"));
            Assert.Equal(1L, await ScalarAsync(session, "PRAGMA foreign_keys;"));
            Assert.Equal(1L, await ScalarAsync(session, "PRAGMA synchronous;"));
            Assert.Equal("wal", await ScalarAsync(session, "PRAGMA journal_mode;"));
            Assert.Equal(-3072L, await ScalarAsync(session, "PRAGMA cache_size;"));
        }
    }

    [Fact]
    public async Task Data_SurvivesReopeningTheFile()
    {
        var customer = new Customer { Id = Guid.NewGuid(), TenantId = "t", FirstName = "Persistent", Emails = ["p@example.com"] };
        using (var first = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = _database.Path }))
        {
            await first.InitializeAsync(None);
            await using var session = await first.OpenSessionAsync("t", None);
            await session.Customers.InsertAsync(customer, None);
        }

        var second = _database.CreateProvider();
        await second.InitializeAsync(None);
        await using var reader = await second.OpenSessionAsync("t", None);
        Assert.Equal("Persistent", (await reader.Customers.GetAsync(customer.Id, None))?.FirstName);
        Assert.Equal(customer.Id, (await reader.Customers.FindByEmailAsync("P@EXAMPLE.COM", None))?.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Timeline_QueryPlan_UsesTimelineIndex(bool afterToken)
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        var sql = afterToken ? SqliteInteractionRepository.TimelineAfterSql : SqliteInteractionRepository.TimelineSql;

        var plan = await ExplainAsync(sql, ("@tenant", "t"), ("@customer", Guid.NewGuid()), ("@limit", 51), ("@afterKey", 0L), ("@afterId", Guid.NewGuid()));

        Assert.Contains("ix_interactions_timeline", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PurchaseHistory_QueryPlan_UsesCustomerIndexWithoutSorting(bool afterToken)
    {
        await _database.CreateProvider().InitializeAsync(None);
        var sql = afterToken ? SqlitePurchaseRepository.HistoryAfterSql : SqlitePurchaseRepository.HistorySql;

        var plan = await ExplainAsync(sql, ("@tenant", "t"), ("@customer", Guid.NewGuid()), ("@limit", 51), ("@afterKey", 0L), ("@afterId", Guid.NewGuid()));

        Assert.Contains("ix_purchases_customer", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindByEmail_QueryPlan_SeeksBothEmailIndexes()
    {
        await _database.CreateProvider().InitializeAsync(None);
        var plan = await ExplainAsync(CustomerRows.FindByEmailSql, ("@tenant", "t"), ("@email", "a@b"));

        Assert.Contains("SEARCH c USING INDEX ix_customers_email (tenant_id=? AND email=?)", plan, StringComparison.Ordinal);
        Assert.Contains("SEARCH e USING PRIMARY KEY (tenant_id=? AND email=?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("ix_customers_created", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindByExternalId_QueryPlan_SeeksTheExternalIdIndex()
    {
        await _database.CreateProvider().InitializeAsync(None);
        var plan = await ExplainAsync(CustomerRows.FindByExternalIdSql, ("@tenant", "t"), ("@externalId", "x"));

        Assert.Contains("SEARCH c USING INDEX ix_customers_external_id (tenant_id=? AND external_id=?)", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emails_PrimaryInColumnOthersInSideTable_KeptInStepWithTheCustomer()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        var customer = new Customer { Id = Guid.NewGuid(), TenantId = "t", Emails = ["Main@Example.com", "Other@Example.com", "main@example.com"] };
        await using var session = await provider.OpenSessionAsync("t", None);

        await session.Customers.InsertAsync(customer, None);
        Assert.Equal(["main@example.com"], await QueryAsync("SELECT email FROM customers;", r => r.GetString(0)));
        Assert.Equal(["other@example.com"], await QueryAsync("SELECT email FROM customer_emails;", r => r.GetString(0)));

        await session.Customers.UpdateAsync(customer with { Version = 1, Emails = ["new@example.com", "second@example.com"] }, None);
        Assert.Equal(["second@example.com"], await QueryAsync("SELECT email FROM customer_emails;", r => r.GetString(0)));
        Assert.Null(await session.Customers.FindByEmailAsync("other@example.com", None));
        Assert.Equal(customer.Id, (await session.Customers.FindByEmailAsync("SECOND@example.com", None))?.Id);

        await session.Customers.DeleteAsync(customer.Id, 2, None);
        Assert.Empty(await QueryAsync("SELECT email FROM customer_emails;", r => r.GetString(0)));
    }

    [Fact]
    public async Task ContinuationToken_Malformed_IsRejected()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await using var session = await provider.OpenSessionAsync("t", None);
        await session.Customers.BulkInsertAsync(
            Enumerable.Range(0, 3).Select(n => new Customer { Id = Guid.NewGuid(), TenantId = "t", CreatedAt = DateTimeOffset.UnixEpoch.AddDays(n) }), None);
        var first = await session.Customers.QueryAsync(new StorageQuery { Page = new PageRequest(1) }, None);
        Assert.NotNull(first.ContinuationToken);

        var garbage = await Assert.ThrowsAsync<CrmValidationException>(
            () => session.Customers.QueryAsync(new StorageQuery { Page = new PageRequest(1, "x'); DROP TABLE customers;--") }, None));
        Assert.Equal("page.continuationToken", garbage.Errors[0].Path);
        await Assert.ThrowsAsync<CrmValidationException>(
            () => session.Customers.QueryAsync(new StorageQuery { Sort = SortOrder.UpdatedDescending, Page = new PageRequest(1, first.ContinuationToken) }, None));
        await Assert.ThrowsAsync<CrmValidationException>(
            () => session.Interactions.GetTimelineAsync(Guid.NewGuid(), new PageRequest(1, first.ContinuationToken), None));
        var second = await session.Customers.QueryAsync(new StorageQuery { Page = new PageRequest(1, first.ContinuationToken) }, None);
        Assert.NotEqual(first.Items[0].Id, second.Items[0].Id);
    }

    [Fact]
    public async Task Session_DisposedTwiceAndUsedAfterDispose_Behaves()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        var session = await provider.OpenSessionAsync("t", None);
        await session.DisposeAsync();
        await session.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.Customers.GetAsync(Guid.NewGuid(), None));
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<string> ExplainAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters.Where(p => sql.Contains(p.Name, StringComparison.Ordinal)))
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<object?> ScalarAsync(SqliteStorageSession session, string sql)
    {
        await using var command = session.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
