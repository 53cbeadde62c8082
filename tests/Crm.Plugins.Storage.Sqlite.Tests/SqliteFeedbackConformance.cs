using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Runs the surveys and feedback conformance kit against SQLite.</summary>
/// <param name="fixture">The shared database.</param>
public sealed class SqliteFeedbackConformance(SqliteFixture fixture) : FeedbackStorageConformanceTests<SqliteFixture>(fixture);
