using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the scheduled job storage conformance kit.</summary>
public sealed class SqliteJobConformance(SqliteFixture fixture) : JobStorageConformanceTests<SqliteFixture>(fixture);
