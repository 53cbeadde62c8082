using System.Runtime.CompilerServices;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Reads match keys and re-points related rows for merges; writes join the session's transaction.</summary>
internal sealed class SqliteMergeStore(SqliteStorageSession session) : IMergeStore
{
    public async IAsyncEnumerable<CustomerMatchKeys> ReadMatchKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("SELECT id, first_name, last_name, company, emails, phones FROM customers WHERE tenant_id = @tenant;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new CustomerMatchKeys(
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetStringOrNull(3),
                    JsonColumns.ReadStrings(reader.GetString(4)), JsonColumns.ReadStrings(reader.GetString(5)));
            }
        }
    }

    public async Task<(long Interactions, long Purchases)> CountRelatedAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT (SELECT COUNT(*) FROM interactions WHERE tenant_id = @tenant AND customer_id = @id), (SELECT COUNT(*) FROM purchases WHERE tenant_id = @tenant AND customer_id = @id);");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", customerId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    public async Task<(long Interactions, long Purchases)> RepointAsync(Guid fromId, Guid toId, CancellationToken cancellationToken)
    {
        using var scope = session.BeginWrite();
        var interactions = await ExecuteAsync("UPDATE interactions SET customer_id = @to, version = version + 1 WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId, cancellationToken).ConfigureAwait(false);
        var purchases = await ExecuteAsync("UPDATE purchases SET customer_id = @to, version = version + 1 WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId, cancellationToken).ConfigureAwait(false);
        // Consent decisions belong to the person, so they follow the survivor; stale RFM scores of the merged customer go.
        await ExecuteAsync("UPDATE consents SET customer_id = @to WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId, cancellationToken).ConfigureAwait(false);
        // Messages still queued for the merged customer are now the survivor's, so erasing the survivor removes them.
        await ExecuteAsync("UPDATE outbox_messages SET customer_id = @to WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("DELETE FROM customer_rfm WHERE tenant_id = @tenant AND customer_id = @from AND @to IS NOT NULL;", fromId, toId, cancellationToken).ConfigureAwait(false);
        scope.Commit();
        return (interactions, purchases);
    }

    public async Task InsertRecordAsync(MergeRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var command = session.CreateCommand(
            "INSERT INTO merge_records (tenant_id, id, survivor_id, merged_id, merged_at, actor, interactions_moved, purchases_moved, participants, field_sources, merged_snapshot) " +
            "VALUES (@tenant, @id, @survivor, @merged, @at, @actor, @interactions, @purchases, @participants, @sources, @snapshot);");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", record.Id);
        command.Parameters.AddWithValue("@survivor", record.SurvivorId);
        command.Parameters.AddWithValue("@merged", record.MergedId);
        command.Parameters.AddWithValue("@at", record.MergedAt.UtcTicks);
        command.Parameters.AddWithValue("@actor", record.Actor);
        command.Parameters.AddWithValue("@interactions", record.InteractionsMoved);
        command.Parameters.AddWithValue("@purchases", record.PurchasesMoved);
        command.Parameters.AddWithValue("@participants", CustomerDataJson.WriteCounts(record.ParticipantsMoved));
        command.Parameters.AddWithValue("@sources", CustomerDataJson.WriteSources(record.FieldSources));
        command.Parameters.AddWithValue("@snapshot", SqliteValues.OrNull(record.MergedSnapshotJson));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MergeRecord>> ListRecordsAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT id, survivor_id, merged_id, merged_at, actor, interactions_moved, purchases_moved, participants, field_sources, merged_snapshot FROM merge_records " +
            "WHERE tenant_id = @tenant AND (survivor_id = @id OR merged_id = @id) ORDER BY merged_at, id;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", customerId);
        var result = new List<MergeRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new MergeRecord(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), SqliteValues.FromTicks(reader.GetInt64(3)), reader.GetString(4))
                {
                    InteractionsMoved = reader.GetInt64(5),
                    PurchasesMoved = reader.GetInt64(6),
                    ParticipantsMoved = CustomerDataJson.ReadCounts(reader.GetString(7)),
                    FieldSources = CustomerDataJson.ReadSources(reader.GetString(8)),
                    MergedSnapshotJson = reader.GetStringOrNull(9),
                });
            }
        }

        return result;
    }

    private async Task<long> ExecuteAsync(string sql, Guid fromId, Guid toId, CancellationToken cancellationToken)
    {
        using SqliteCommand command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@from", fromId);
        command.Parameters.AddWithValue("@to", toId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
