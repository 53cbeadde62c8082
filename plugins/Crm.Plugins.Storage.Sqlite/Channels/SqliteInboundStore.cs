using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Channels;

/// <summary>Stores one tenant's inbound receipts and poller cursors on the session's connection (and transaction).</summary>
internal sealed class SqliteInboundStore(SqliteStorageSession session) : IInboundStore
{
    public async Task<bool> TryRecordReceiptAsync(string channel, string externalId, Guid interactionId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(externalId);
        using var command = Command(
            "INSERT INTO inbound_receipts (tenant_id, channel, external_id, interaction_id, received_at) VALUES (@tenant, @channel, @external, @interaction, @at) " +
            "ON CONFLICT (tenant_id, channel, external_id) DO NOTHING;");
        command.Parameters.AddWithValue("@channel", channel);
        command.Parameters.AddWithValue("@external", externalId);
        command.Parameters.AddWithValue("@interaction", interactionId);
        command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(receivedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Guid?> FindReceiptAsync(string channel, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(externalId);
        using var command = Command("SELECT interaction_id FROM inbound_receipts WHERE tenant_id = @tenant AND channel = @channel AND external_id = @external;");
        command.Parameters.AddWithValue("@channel", channel);
        command.Parameters.AddWithValue("@external", externalId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetGuid(0) : null;
        }
    }

    public async Task<string?> GetCursorAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var command = Command("SELECT cursor FROM inbound_cursors WHERE tenant_id = @tenant AND source = @source;");
        command.Parameters.AddWithValue("@source", source);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetCursorAsync(string source, string cursor, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(cursor);
        using var command = Command(
            "INSERT INTO inbound_cursors (tenant_id, source, cursor, updated_at) VALUES (@tenant, @source, @cursor, @at) " +
            "ON CONFLICT (tenant_id, source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at;");
        command.Parameters.AddWithValue("@source", source);
        command.Parameters.AddWithValue("@cursor", cursor);
        command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(updatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }
}
