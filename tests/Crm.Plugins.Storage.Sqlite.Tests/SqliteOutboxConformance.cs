using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the outbox and inbound storage conformance kit.</summary>
public sealed class SqliteOutboxConformance(SqliteFixture fixture) : OutboxStorageConformanceTests<SqliteFixture>(fixture);
