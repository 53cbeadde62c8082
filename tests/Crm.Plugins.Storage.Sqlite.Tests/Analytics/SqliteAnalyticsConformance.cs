using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the analytics storage conformance kit.</summary>
public sealed class SqliteAnalyticsConformance(SqliteFixture fixture) : AnalyticsStorageConformanceTests<SqliteFixture>(fixture);
