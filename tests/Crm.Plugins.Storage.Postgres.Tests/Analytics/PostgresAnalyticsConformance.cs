using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests.Analytics;

/// <summary>Enrolls the PostgreSQL provider in the analytics storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresAnalyticsConformance(PostgresFixture fixture) : AnalyticsStorageConformanceTests<PostgresFixture>(fixture);
