using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Enrolls the PostgreSQL provider in the outbox and inbound storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresOutboxConformance(PostgresFixture fixture) : OutboxStorageConformanceTests<PostgresFixture>(fixture);
