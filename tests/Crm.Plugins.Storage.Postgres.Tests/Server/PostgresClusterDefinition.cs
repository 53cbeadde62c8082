namespace Crm.Plugins.Storage.Postgres.Tests.Server;

/// <summary>Groups every test class that uses the cluster: they run one after another and share it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterDefinition : ICollectionFixture<PostgresCollectionFixture>
{
    public const string Name = "postgres";
}

/// <summary>Starts the assembly's cluster before the first class of the collection and removes it after the last.</summary>
public sealed class PostgresCollectionFixture : IAsyncLifetime
{
    public async Task InitializeAsync() => await PostgresServer.GetAsync();

    public Task DisposeAsync() => PostgresServer.StopAsync();
}
