using System.Runtime.CompilerServices;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

using Crm.Plugins.Storage.Serialization;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>Reads match keys and re-points related rows for merges; writes join the session's transaction.</summary>
internal sealed class PostgresMergeStore(PostgresStorageSession session) : IMergeStore
{
    private const string RecordColumns =
        "id, survivor_id, merged_id, merged_at, merged_at_tick, actor, interactions_moved, purchases_moved, participants, field_sources, merged_snapshot";

    public async IAsyncEnumerable<CustomerMatchKeys> ReadMatchKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("SELECT id, first_name, last_name, company, emails, phones FROM customers WHERE tenant_id = @tenant;");
        command.Parameters.AddText("tenant", session.TenantId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new CustomerMatchKeys(
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetStringOrNull(3),
                    reader.GetFieldValue<string[]>(4), reader.GetFieldValue<string[]>(5));
            }
        }
    }

    public async Task<(long Interactions, long Purchases)> CountRelatedAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT (SELECT COUNT(*) FROM interactions WHERE tenant_id = @tenant AND customer_id = @id), " +
            "(SELECT COUNT(*) FROM purchases WHERE tenant_id = @tenant AND customer_id = @id);");
        command.Parameters.AddText("tenant", session.TenantId);
        command.Parameters.AddUuid("id", customerId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    public async Task<(long Interactions, long Purchases)> RepointAsync(Guid fromId, Guid toId, CancellationToken cancellationToken)
    {
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            using var batch = session.CreateBatch();
            batch.BatchCommands.Add(Statement("UPDATE interactions SET customer_id = @to, version = version + 1 WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId));
            batch.BatchCommands.Add(Statement("UPDATE purchases SET customer_id = @to, version = version + 1 WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId));
            // Consent decisions belong to the person, so they follow the survivor; stale RFM scores of the merged customer go.
            batch.BatchCommands.Add(Statement("UPDATE consents SET customer_id = @to WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId));
            // Messages still queued for the merged customer are now the survivor's, so erasing the survivor removes them.
            batch.BatchCommands.Add(Statement("UPDATE outbox_messages SET customer_id = @to WHERE tenant_id = @tenant AND customer_id = @from;", fromId, toId));
            batch.BatchCommands.Add(Statement("DELETE FROM customer_rfm WHERE tenant_id = @tenant AND customer_id = @from;", fromId, null));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await scope.CommitAsync().ConfigureAwait(false);
            return (batch.BatchCommands[0].RecordsAffected, batch.BatchCommands[1].RecordsAffected);
        }
    }

    public async Task InsertRecordAsync(MergeRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var command = session.CreateCommand(
            $"INSERT INTO merge_records (tenant_id, {RecordColumns}) " +
            "VALUES (@tenant, @id, @survivor, @merged, @at, @at_tick, @actor, @interactions, @purchases, @participants, @sources, @snapshot);");
        var parameters = command.Parameters;
        parameters.AddText("tenant", session.TenantId);
        parameters.AddUuid("id", record.Id);
        parameters.AddUuid("survivor", record.SurvivorId);
        parameters.AddUuid("merged", record.MergedId);
        parameters.AddInstant("at", record.MergedAt);
        parameters.AddText("actor", record.Actor);
        parameters.AddBigint("interactions", record.InteractionsMoved);
        parameters.AddBigint("purchases", record.PurchasesMoved);
        parameters.AddJsonb("participants", CustomerDataJson.WriteCounts(record.ParticipantsMoved));
        parameters.AddJsonb("sources", CustomerDataJson.WriteSources(record.FieldSources));
        parameters.AddText("snapshot", record.MergedSnapshotJson);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
        {
            throw new CrmDuplicateException(nameof(MergeRecord), record.Id, e);
        }
    }

    public async Task<IReadOnlyList<MergeRecord>> ListRecordsAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            $"SELECT {RecordColumns} FROM merge_records WHERE tenant_id = @tenant AND (survivor_id = @id OR merged_id = @id) " +
            "ORDER BY merged_at, merged_at_tick, id;");
        command.Parameters.AddText("tenant", session.TenantId);
        command.Parameters.AddUuid("id", customerId);
        var result = new List<MergeRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new MergeRecord(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInstant(3, 4), reader.GetString(5))
                {
                    InteractionsMoved = reader.GetInt64(6),
                    PurchasesMoved = reader.GetInt64(7),
                    ParticipantsMoved = CustomerDataJson.ReadCounts(reader.GetString(8)),
                    FieldSources = CustomerDataJson.ReadSources(reader.GetString(9)),
                    MergedSnapshotJson = reader.GetStringOrNull(10),
                });
            }
        }

        return result;
    }

    private NpgsqlBatchCommand Statement(string sql, Guid fromId, Guid? toId)
    {
        var statement = new NpgsqlBatchCommand(sql);
        statement.Parameters.AddText("tenant", session.TenantId);
        statement.Parameters.AddUuid("from", fromId);
        if (toId is { } to)
        {
            statement.Parameters.AddUuid("to", to);
        }

        return statement;
    }
}
