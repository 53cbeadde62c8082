using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the support storage conformance kit.</summary>
public sealed class SqliteSupportConformance(SqliteFixture fixture) : SupportStorageConformanceTests<SqliteFixture>(fixture);
