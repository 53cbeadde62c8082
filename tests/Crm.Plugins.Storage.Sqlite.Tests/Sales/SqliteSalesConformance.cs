using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the sales storage conformance kit.</summary>
public sealed class SqliteSalesConformance(SqliteFixture fixture) : SalesStorageConformanceTests<SqliteFixture>(fixture);
