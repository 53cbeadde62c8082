using Crm.Engine.Conditions;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Customers;
using Crm.Plugins.Storage.Postgres.Schema;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests;

[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresStorageProviderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_SeveralProvidersAtOnceOnAFreshDatabase_MigrateExactlyOnce()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var providers = Enumerable.Range(0, 6).Select(_ => new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString })).ToList();
        try
        {
            await Task.WhenAll(providers.Select(p => Task.Run(() => p.InitializeAsync(None))));

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM crm_schema_migrations;", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(SchemaMigrations.All.Count, reader.GetInt64(0));
            Assert.Equal(SchemaMigrations.All[^1].Version, reader.GetInt32(1));

            await using var session = await providers[3].OpenSessionAsync("t", None);
            Assert.Equal(0, await session.Customers.CountAsync(new StorageQuery(), None));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task InitializeAsync_DatabaseOfTheFirstRelease_AppliesTheNewStepsAndKeepsTheData()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var firstRelease = new NpgsqlCommand(
                "CREATE TABLE crm_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL); " +
                SchemaMigrations.All[0].Sql + " INSERT INTO crm_schema_migrations VALUES (1, 'customers, interactions, purchases', now());", connection);
            await firstRelease.ExecuteNonQueryAsync();
        }

        var logger = new RecordingLogger();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString }, logger: logger);
        Customer stored;
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            stored = await session.Customers.InsertAsync(Customer("t", 1), None);
        }

        await provider.InitializeAsync(None);
        await provider.InitializeAsync(None);

        Assert.Equal(SchemaMigrations.All.Count - 1, logger.EventIds.Count(id => id == 1400));
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            Assert.Equal(stored.LastName, (await session.Customers.GetAsync(stored.Id, None))!.LastName);
            Assert.Empty(await session.Workflows.GetByEntityAsync(stored.Id, null, None));
            Assert.Empty(await session.CustomFields.ListAsync(None));
            Assert.Empty(await session.Segments.ComputeRfmAsync(DateTimeOffset.UnixEpoch, None));
            Assert.Empty((await session.Outbox.ListAsync(new OutboxQuery(), None)).Items);
            Assert.Empty((await session.Jobs.ListAsync(new ScheduledJobQuery(), None)).Items);
            Assert.Null(await session.Inbound.GetCursorAsync("imap", None));
        }
    }

    [Fact]
    public async Task BulkInsert_InvalidRecordLateInTheBatch_CopiesNothing()
    {
        await using var provider = await NewProviderAsync();
        await using var session = await provider.OpenSessionAsync("t", None);
        var batch = Enumerable.Range(0, 2_000).Select(n => Customer("t", n)).ToList();
        batch[1_900] = batch[1_900] with { FirstName = null! };

        await Assert.ThrowsAsync<CrmValidationException>(() => session.Customers.BulkInsertAsync(batch, None));
        Assert.Equal(0, await session.Customers.CountAsync(new StorageQuery(), None));

        // The connection is usable afterwards and a clean batch goes in whole.
        batch[1_900] = Customer("t", 1_900);
        Assert.Equal(2_000, await session.Customers.BulkInsertAsync(batch, None));
        Assert.Equal(2_000, await session.Customers.CountAsync(new StorageQuery(), None));
    }

    [Fact]
    public async Task BulkInsert_DuplicateInsideTransaction_LeavesTheTransactionUsable()
    {
        await using var provider = await NewProviderAsync();
        await using var session = await provider.OpenSessionAsync("t", None);
        var existing = await session.Customers.InsertAsync(Customer("t", 0), None);
        await using var transaction = await session.BeginTransactionAsync(None);
        await session.Customers.InsertAsync(Customer("t", 1), None);

        var error = await Assert.ThrowsAsync<CrmDuplicateException>(
            () => session.Customers.BulkInsertAsync([Customer("t", 2), existing with { Version = 0 }], None));
        Assert.Equal(existing.Id, error.Id);

        await session.Customers.InsertAsync(Customer("t", 3), None);
        await transaction.CommitAsync(None);
        Assert.Equal(3, await session.Customers.CountAsync(new StorageQuery(), None));
    }

    [Fact]
    public async Task AttributeEquality_Plan_UsesTheGinIndex()
    {
        await using var provider = await NewProviderAsync();
        await using (var session = await provider.OpenSessionAsync("t", None))
        {
            await session.Customers.BulkInsertAsync(Enumerable.Range(0, 3_000).Select(n => Customer("t", n) with
            {
                Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["plan"] = n % 100 == 0 ? "gold" : "basic", ["score"] = n },
            }), None);
        }

        var plan = await ExplainAsync(provider, """{"field":"attributes.plan","op":"eq","value":"gold"}""");
        Assert.Contains("ix_customers_attributes", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_ValuesOfEveryKind_AreParametersNeverSqlText()
    {
        await using var provider = await NewProviderAsync();
        await using var session = (PostgresStorageSession)await provider.OpenSessionAsync("tenant-literal", None);
        var condition = """
            {"all":[{"field":"lastName","op":"eq","value":"Secretvalue'--"},{"field":"attributes.plan","op":"eq","value":"Planvalue"},
            {"field":"attributes.score","op":"gt","value":987654},{"field":"totalSpent","op":"gte","value":123456.789},
            {"field":"tags","op":"in","value":["Tagvalue"]},{"field":"createdAt","op":"gte","value":"2024-05-06T07:08:09Z"},
            {"some":"purchaseLines","where":{"field":"sku","op":"startsWith","value":"Skuvalue%_"}}]}
            """;
        var query = new StorageQuery { Filter = ConditionParser.Parse(condition, CrmFields.Customer), AsOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        await using var command = session.CreateCommand("");
        var sql = ((PostgresCustomerRepository)session.Customers).Where(query, command);

        foreach (var literal in new[] { "Secretvalue", "Planvalue", "987654", "123456", "Tagvalue", "2024", "Skuvalue", "tenant-literal", "plan" })
        {
            Assert.DoesNotContain(literal, sql, StringComparison.Ordinal);
        }

        Assert.Contains(command.Parameters, p => Equals(p.Value, "Secretvalue'--"));
        Assert.Contains(command.Parameters, p => Equals(p.Value, "Skuvalue%_"));
        Assert.DoesNotContain("LIKE", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await session.Customers.CountAsync(query, None));
    }

    [Fact]
    public async Task Session_ReusesPooledConnections_AndProviderDisposesThePool()
    {
        var provider = await NewProviderAsync();
        for (var i = 0; i < 50; i++)
        {
            await using var session = await provider.OpenSessionAsync("t", None);
            await session.Customers.CountAsync(new StorageQuery(), None);
        }

        await provider.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await provider.OpenSessionAsync("t", None));
    }

    private static async Task<string> ExplainAsync(PostgresStorageProvider provider, string condition)
    {
        await using var session = (PostgresStorageSession)await provider.OpenSessionAsync("t", None);
        await using (var analyze = session.CreateCommand("ANALYZE customers; SET enable_seqscan = off;"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await using var command = session.CreateCommand("");
        var where = ((PostgresCustomerRepository)session.Customers).Where(
            new StorageQuery { Filter = ConditionParser.Parse(condition, CrmFields.Customer) }, command);
        command.CommandText = "EXPLAIN SELECT c.id FROM customers c WHERE " + where;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    internal static async Task<PostgresStorageProvider> NewProviderAsync()
    {
        var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync() });
        await provider.InitializeAsync(None);
        return provider;
    }

    internal static Customer Customer(string tenant, int n) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant,
        FirstName = "First" + n,
        LastName = "Last" + n,
        Emails = [$"c{n}@example.com"],
        CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(n),
        UpdatedAt = DateTimeOffset.UnixEpoch.AddSeconds(n),
    };
}
