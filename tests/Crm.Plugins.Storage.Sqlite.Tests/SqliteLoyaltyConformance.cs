using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Runs the loyalty ledger conformance kit against SQLite.</summary>
/// <param name="fixture">The shared database.</param>
public sealed class SqliteLoyaltyConformance(SqliteFixture fixture) : LoyaltyStorageConformanceTests<SqliteFixture>(fixture);
