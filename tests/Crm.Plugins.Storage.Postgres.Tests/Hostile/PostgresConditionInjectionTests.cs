using Crm.Engine.Storage;
using Crm.Engine.Testing.Storage;
using Crm.Engine.Tests.Hostile.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;
using Xunit.Abstractions;

namespace Crm.Plugins.Storage.Postgres.Tests.Hostile;

/// <summary>Runs the generated condition-injection suite on PostgreSQL (a fresh database of the throwaway cluster).</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresConditionInjectionTests(PostgresConditionInjectionTests.PgFixture fixture, ITestOutputHelper output)
    : ConditionInjectionSuite<PostgresConditionInjectionTests.PgFixture>(fixture, output), IClassFixture<PostgresConditionInjectionTests.PgFixture>
{
    protected override async Task<string> SchemaFingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT coalesce(string_agg(table_name || '.' || column_name || ':' || data_type, '|' ORDER BY table_name, column_name), '')
            FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            """;
        var columns = (string)(await command.ExecuteScalarAsync())!;
        command.CommandText = "SELECT coalesce(string_agg(indexname, '|' ORDER BY indexname), '') FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
        return columns + "#" + (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Like <see cref="PostgresFixture"/>, keeping the connection string for the schema fingerprint.</summary>
    public sealed class PgFixture : IStorageProviderFixture, IAsyncLifetime, IDisposable
    {
        private PostgresStorageProvider? _provider;

        public string ConnectionString { get; private set; } = "";

        public IStorageProvider Provider => _provider ?? throw new InvalidOperationException("The fixture is not initialized.");

        public async Task InitializeAsync()
        {
            var cluster = await PostgresServer.GetAsync();
            ConnectionString = await cluster.CreateDatabaseAsync();
            _provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = ConnectionString });
            await _provider.InitializeAsync(CancellationToken.None);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _provider?.Dispose();
    }
}
