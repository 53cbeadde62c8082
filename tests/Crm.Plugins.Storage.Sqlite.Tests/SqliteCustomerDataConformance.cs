using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the customer-data storage conformance kit.</summary>
public sealed class SqliteCustomerDataConformance(SqliteFixture fixture) : CustomerDataStorageConformanceTests<SqliteFixture>(fixture);
