using Crm.Engine.Security;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests.Security;

/// <summary>The audit table refuses UPDATE, DELETE and TRUNCATE from any client of the database, not just from the provider.</summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresAuditAppendOnlyTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'mallory';")]
    [InlineData("UPDATE audit_log SET changes = '[]'::jsonb, actor = 'mallory';")]
    [InlineData("DELETE FROM audit_log;")]
    [InlineData("TRUNCATE audit_log;")]
    public async Task Rewriting_or_deleting_audit_rows_is_refused_by_the_database(string sql)
    {
        var connectionString = await SeededDatabaseAsync(customerId: null);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        command.CommandText = "SELECT actor || ':' || changes::text FROM audit_log;";

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal("ada:[{\"a\": \"Augusta\", \"b\": \"Ada\", \"f\": \"firstName\"}]", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Emptying_the_changes_is_the_one_update_the_database_allows()
    {
        var customer = Guid.NewGuid();
        var connectionString = await SeededDatabaseAsync(customer);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE audit_log SET changes = '[]'::jsonb;", connection);
        var updated = await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT actor || ':' || changes::text || ':' || customer_id::text FROM audit_log;";

        Assert.Equal(1, updated);
        Assert.Equal($"ada:[]:{customer}", await command.ExecuteScalarAsync());
    }

    private static async Task<string> SeededDatabaseAsync(Guid? customerId)
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var provider = new PostgresStorageProvider(new PostgresStorageOptions { ConnectionString = connectionString });
        await provider.InitializeAsync(None);
        await using var session = await provider.OpenSessionAsync("acme", None);
        await session.Audit.AppendAsync([new AuditRecord
        {
            Id = Guid.NewGuid(), TenantId = "acme", OccurredAt = DateTimeOffset.UnixEpoch, Actor = "ada", Origin = "direct",
            RecordType = "Customer", RecordId = "c-1", Action = "CustomerUpdated", CustomerId = customerId,
            Changes = [new AuditFieldChange("firstName", "Ada", "Augusta")],
        }], None);
        return connectionString;
    }
}
