using Crm.Engine.Testing.Storage;
using Crm.Plugins.Storage.Postgres.Tests.Server;

namespace Crm.Plugins.Storage.Postgres.Tests.Security;

/// <summary>Enrolls the PostgreSQL provider in the audit log storage conformance kit.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresAuditConformance(PostgresFixture fixture) : AuditStorageConformanceTests<PostgresFixture>(fixture);
