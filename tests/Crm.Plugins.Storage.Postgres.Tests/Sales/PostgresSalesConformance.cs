using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the sales storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresSalesConformance(PostgresFixture fixture) : SalesStorageConformanceTests<PostgresFixture>(fixture);
