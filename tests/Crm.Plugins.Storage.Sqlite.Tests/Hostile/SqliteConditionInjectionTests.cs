using Crm.Engine.Tests.Hostile.Storage;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Crm.Plugins.Storage.Sqlite.Tests.Hostile;

/// <summary>Runs the generated condition-injection suite on SQLite.</summary>
public sealed class SqliteConditionInjectionTests(SqliteFixture fixture, ITestOutputHelper output)
    : ConditionInjectionSuite<SqliteFixture>(fixture, output), IClassFixture<SqliteFixture>
{
    protected override async Task<string> SchemaFingerprintAsync()
    {
        await using var connection = new SqliteConnection(((SqliteStorageProvider)Fixture.Provider).ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(type || ':' || name || ':' || coalesce(sql, ''), '|') FROM (SELECT * FROM sqlite_master ORDER BY type, name)";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
