using Crm.Plugins.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>
/// The provider keeps sqlite_stat1 exact: sampled statistics (what SQLite's own <c>PRAGMA optimize</c> writes) are
/// replaced, and stale tables are analyzed in full. Each stat1 row reads "rows, rows per tenant_id, ...": with one
/// tenant, a full analysis records every row under that one tenant; a sampled one records far fewer.
/// </summary>
public sealed class SqlitePlannerStatisticsTests : IDisposable
{
    private const int Customers = 3_000;
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Upgrade_SampledStatistics_StepReplacesThemWithFullOnes()
    {
        await SeedWithSampledStatisticsAsync();
        Assert.True(await RowsPerTenantAsync("ix_customers_created") < Customers, "the precondition: sampled statistics");

        // A database from before the step: its sampled statistics are all current, so only the step can fix them.
        await ExecuteAsync($"DELETE FROM schema_migrations WHERE version = {PlannerStatisticsSchema.Version};");
        await _database.CreateProvider().InitializeAsync(None);

        Assert.Equal(Customers, await RowsPerTenantAsync("ix_customers_created"));
        Assert.Equal(Customers, await RowsPerTenantAsync("ix_customers_updated"));
    }

    [Fact]
    public async Task Start_TableWithNewIndex_AnalyzedInFullNotSampled()
    {
        await SeedWithSampledStatisticsAsync();

        // What a later migration does: an index the statistics have never seen makes the table stale.
        await ExecuteAsync("CREATE INDEX ix_test_city ON customers (tenant_id, city);");
        await _database.CreateProvider().InitializeAsync(None);

        Assert.Equal(Customers, await RowsPerTenantAsync("ix_test_city"));
        Assert.Equal(Customers, await RowsPerTenantAsync("ix_customers_created"));
    }

    [Fact]
    public async Task Start_RefreshTurnedOff_LeavesStatisticsAlone()
    {
        await _database.CreateProvider().InitializeAsync(None);
        await ExecuteAsync(InsertCustomers(Customers));
        await ExecuteAsync("CREATE INDEX ix_test_city ON customers (tenant_id, city);");

        await _database.CreateProvider(o => o.RefreshPlannerStatisticsOnStart = false).InitializeAsync(None);

        Assert.Null(await RowsPerTenantAsync("ix_test_city"));
    }

    [Fact]
    public async Task RefreshPlannerStatisticsAsync_TableGrewTenfold_AnalyzedAgainInFull()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await ExecuteAsync(InsertCustomers(30));
        Assert.True(await provider.RefreshPlannerStatisticsAsync(None) >= 1);
        Assert.Equal(30, await RowsPerTenantAsync("ix_customers_created"));

        await ExecuteAsync(InsertCustomers(Customers));
        var analyzed = await provider.RefreshPlannerStatisticsAsync(None);

        Assert.True(analyzed >= 1);
        Assert.Equal(Customers + 30, await RowsPerTenantAsync("ix_customers_created"));
    }

    [Fact]
    public async Task Start_NothingChanged_AnalyzesNothing()
    {
        var provider = _database.CreateProvider();
        await provider.InitializeAsync(None);
        await ExecuteAsync(InsertCustomers(Customers));
        Assert.True(await provider.RefreshPlannerStatisticsAsync(None) >= 1);

        // Empty tables without an index (the full-text index's shadow tables) stay "stale" to SQLite for ever; analyzing
        // them would take the write lock at every start.
        Assert.Equal(0, await provider.RefreshPlannerStatisticsAsync(None));
        Assert.Equal(0, await _database.CreateProvider().RefreshPlannerStatisticsAsync(None));
    }

    /// <summary>One tenant's customers with random ids, as raw SQL: the statistics care about rows, not content.</summary>
    /// <summary>A migrated database with customers and the sampled statistics older versions let SQLite write.</summary>
    private async Task SeedWithSampledStatisticsAsync()
    {
        await _database.CreateProvider().InitializeAsync(None);
        await ExecuteAsync(InsertCustomers(Customers));
        await ExecuteAsync("PRAGMA analysis_limit = 100; ANALYZE;");
    }

    private static string InsertCustomers(int count) => $$"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{count}})
        INSERT INTO customers (tenant_id, id, version, first_name, last_name, emails, phones, lifecycle_stage, tags, attributes, city, created_at, updated_at)
        SELECT 't', randomblob(16), 1, 'Ada', 'Lovelace', '[]', '[]', 'Lead', '[]', '{}', 'City ' || (i % 50), i, i FROM n;
        """;

    /// <summary>The second number of an index's stat1 row (rows per tenant_id), or null when the index has none.</summary>
    private async Task<long?> RowsPerTenantAsync(string index)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT stat FROM sqlite_stat1 WHERE idx = @index;";
        command.Parameters.AddWithValue("@index", index);
        return await command.ExecuteScalarAsync() is string stat ? long.Parse(stat.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
