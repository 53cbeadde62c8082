namespace Crm.Plugins.Storage.Postgres.Tests.Server;

/// <summary>
/// Groups every test class that uses the cluster: they run one after another and share it. Every test class of this
/// assembly must carry <c>[Collection(PostgresClusterDefinition.Name)]</c>: the fixture stops the cluster when the
/// collection ends, which kills the connections of any class still running outside it (<see cref="PostgresClusterCollectionTests"/>).
/// </summary>
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
