using Crm.Plugins.Storage.Postgres.Testing;

namespace Crm.Plugins.Storage.Postgres.Tests.Server;

/// <summary>
/// Owns the one throwaway cluster of this test assembly: started on first use, stopped by
/// <see cref="PostgresCollectionFixture"/> when the collection ends (and at process exit as a safety net).
/// </summary>
internal static class PostgresServer
{
    private static readonly object Gate = new();
    private static Task<ThrowawayCluster>? _cluster;

    public static Task<ThrowawayCluster> GetAsync()
    {
        lock (Gate)
        {
            return _cluster ??= ThrowawayCluster.StartAsync();
        }
    }

    public static async Task StopAsync()
    {
        Task<ThrowawayCluster>? cluster;
        lock (Gate)
        {
            cluster = _cluster;
            _cluster = null;
        }

        if (cluster is not null)
        {
            await (await cluster).DisposeAsync();
        }
    }
}
