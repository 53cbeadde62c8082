using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the storage conformance kit, exactly as a third-party provider would.</summary>
public sealed class SqliteConformance(SqliteFixture fixture) : StorageProviderConformanceTests<SqliteFixture>(fixture);
