using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the audit log storage conformance kit.</summary>
public sealed class SqliteAuditConformance(SqliteFixture fixture) : AuditStorageConformanceTests<SqliteFixture>(fixture);
