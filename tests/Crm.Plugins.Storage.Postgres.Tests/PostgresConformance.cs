using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the storage conformance kit, exactly as a third-party provider would.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresConformance(PostgresFixture fixture) : StorageProviderConformanceTests<PostgresFixture>(fixture);
