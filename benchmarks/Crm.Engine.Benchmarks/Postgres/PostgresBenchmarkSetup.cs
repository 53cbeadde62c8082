using System.Globalization;
using Crm.Plugins.Storage.Postgres;
using Crm.Plugins.Storage.Postgres.Testing;
using Npgsql;

namespace Crm.Engine.Benchmarks.Postgres;

/// <summary>Starts the benchmark's own throwaway cluster and one provider on a fresh database.</summary>
internal sealed class PostgresBenchmarkSetup : IAsyncDisposable
{
    private PostgresBenchmarkSetup(ThrowawayCluster cluster, string connectionString, PostgresStorageProvider provider)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
        Provider = provider;
    }

    public ThrowawayCluster Cluster { get; }

    public string ConnectionString { get; }

    public PostgresStorageProvider Provider { get; }

    /// <summary>Reads a size from an environment variable (the child processes BenchmarkDotNet starts inherit it).</summary>
    public static int Size(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public static async Task<PostgresBenchmarkSetup> StartAsync()
    {
        var cluster = await ThrowawayCluster.StartAsync(sharedBuffers: "512MB");
        var connectionString = await cluster.CreateDatabaseAsync("bench");
        var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString, CommandTimeout = TimeSpan.FromMinutes(30) });
        await provider.InitializeAsync(CancellationToken.None);
        return new PostgresBenchmarkSetup(cluster, connectionString, provider);
    }

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
