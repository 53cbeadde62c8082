using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Channels;

/// <summary>
/// Stores one tenant's inbound receipts and poller cursors on the session's connection (and transaction). A repeated
/// receipt is <c>ON CONFLICT DO NOTHING</c>, never a unique violation, so the transaction that records the interaction
/// beside it stays usable.
/// </summary>
internal sealed class PostgresInboundStore(PostgresStorageSession session) : IInboundStore
{
    public async Task<bool> TryRecordReceiptAsync(string channel, string externalId, Guid interactionId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(externalId);
        using var command = Command(
            "INSERT INTO inbound_receipts (tenant_id, channel, external_id, interaction_id, received_at, received_at_tick) " +
            "VALUES (@tenant, @channel, @external, @interaction, @at, @at_tick) ON CONFLICT (tenant_id, channel, external_id) DO NOTHING;");
        command.Parameters.AddText("channel", channel);
        command.Parameters.AddText("external", externalId);
        command.Parameters.AddUuid("interaction", interactionId);
        command.Parameters.AddInstant("at", receivedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Guid?> FindReceiptAsync(string channel, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(externalId);
        using var command = Command("SELECT interaction_id FROM inbound_receipts WHERE tenant_id = @tenant AND channel = @channel AND external_id = @external;");
        command.Parameters.AddText("channel", channel);
        command.Parameters.AddText("external", externalId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is Guid id ? id : null;
    }

    public async Task<string?> GetCursorAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var command = Command("SELECT cursor FROM inbound_cursors WHERE tenant_id = @tenant AND source = @source;");
        command.Parameters.AddText("source", source);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task SetCursorAsync(string source, string cursor, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(cursor);
        using var command = Command(
            "INSERT INTO inbound_cursors (tenant_id, source, cursor, updated_at, updated_at_tick) VALUES (@tenant, @source, @cursor, @at, @at_tick) " +
            "ON CONFLICT (tenant_id, source) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = EXCLUDED.updated_at, updated_at_tick = EXCLUDED.updated_at_tick;");
        command.Parameters.AddText("source", source);
        command.Parameters.AddText("cursor", cursor);
        command.Parameters.AddInstant("at", updatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }
}
