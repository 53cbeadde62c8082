using Crm.Engine.Testing.Storage;

namespace Crm.Plugins.Storage.Sqlite.Tests;

/// <summary>Enrolls the SQLite provider in the campaign and recommendation storage conformance kit.</summary>
public sealed class SqliteCampaignConformance(SqliteFixture fixture) : CampaignStorageConformanceTests<SqliteFixture>(fixture);
