using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the scheduled job storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresJobConformance(PostgresFixture fixture) : JobStorageConformanceTests<PostgresFixture>(fixture);
