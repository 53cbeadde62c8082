using Crm.Engine.Storage;
using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Runs the conformance kit on a fresh database of the assembly's cluster, shared by the tests of one class.</summary>
public sealed class PostgresFixture : IStorageProviderFixture, IAsyncLifetime, IDisposable
{
    private PostgresStorageProvider? _provider;

    public IStorageProvider Provider => _provider ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        var cluster = await PostgresServer.GetAsync();
        _provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = await cluster.CreateDatabaseAsync() });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _provider?.Dispose();
}
