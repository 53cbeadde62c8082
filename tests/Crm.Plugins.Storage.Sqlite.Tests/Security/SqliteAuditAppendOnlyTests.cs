using Crm.Engine.Security;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Tests.Security;

/// <summary>The audit table refuses UPDATE and DELETE from any client of the file, not just from the provider.</summary>
public sealed class SqliteAuditAppendOnlyTests
{
    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'mallory';")]
    [InlineData("DELETE FROM audit_log;")]
    public async Task Rewriting_or_deleting_audit_rows_is_refused_by_the_database(string sql)
    {
        using var database = new TempDatabase();
        var provider = database.CreateProvider();
        await provider.InitializeAsync(CancellationToken.None);
        var session = await provider.OpenSessionAsync("acme", CancellationToken.None);
        await using (session)
        {
            await session.Audit.AppendAsync([new AuditRecord
            {
                Id = Guid.NewGuid(), TenantId = "acme", OccurredAt = DateTimeOffset.UnixEpoch, Actor = "ada", Origin = "direct",
                RecordType = "Customer", RecordId = "c-1", Action = "CustomerCreated",
            }], CancellationToken.None);
        }

        await using var connection = new SqliteConnection($"Data Source={database.Path};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
        command.CommandText = "SELECT actor FROM audit_log;";

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal("ada", await command.ExecuteScalarAsync());
    }
}
