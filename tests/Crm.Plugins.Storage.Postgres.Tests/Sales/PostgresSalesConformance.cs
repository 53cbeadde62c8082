using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the sales storage conformance kit.</summary>
public sealed class PostgresSalesConformance(PostgresFixture fixture) : SalesStorageConformanceTests<PostgresFixture>(fixture);
