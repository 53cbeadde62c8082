using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Serialization;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>
/// Stores consent and the erasure log, and erases in place with <c>secure_delete</c> on, so freed cells and pages are
/// zeroed; <see cref="PurgeAsync"/> then checkpoints and truncates the WAL, the only other copy of old page images.
/// </summary>
internal sealed class SqlitePrivacyStore(SqliteStorageSession session) : IPrivacyStore
{
    private const string ConsentColumns = "customer_id, channel, purpose, status, source, recorded_at, actor";

    public async Task AppendConsentAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var command = session.CreateCommand(
            "INSERT INTO consents (tenant_id, customer_id, channel, purpose, status, source, recorded_at, actor) VALUES (@tenant, @customer, @channel, @purpose, @status, @source, @at, @actor);");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@customer", record.CustomerId);
        command.Parameters.AddWithValue("@channel", record.Channel);
        command.Parameters.AddWithValue("@purpose", record.Purpose);
        command.Parameters.AddWithValue("@status", record.Status.ToString());
        command.Parameters.AddWithValue("@source", record.Source);
        command.Parameters.AddWithValue("@at", record.RecordedAt.UtcTicks);
        command.Parameters.AddWithValue("@actor", record.Actor);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ConsentRecord>> ListConsentAsync(Guid customerId, CancellationToken cancellationToken) =>
        ReadConsentAsync($"SELECT {ConsentColumns} FROM consents WHERE tenant_id = @tenant AND customer_id = @customer ORDER BY id;", customerId, null, null, cancellationToken);

    public async Task<ConsentRecord?> GetLatestConsentAsync(Guid customerId, string channel, string purpose, CancellationToken cancellationToken)
    {
        var list = await ReadConsentAsync(
            $"SELECT {ConsentColumns} FROM consents WHERE tenant_id = @tenant AND customer_id = @customer AND channel = @channel AND purpose = @purpose ORDER BY id DESC LIMIT 1;",
            customerId, channel, purpose, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<ErasureRecord> EraseAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        // secure_delete zeroes the old content of every cell and page this connection frees from here on.
        await ExecuteAsync("PRAGMA secure_delete = ON;", record.CustomerId, cancellationToken).ConfigureAwait(false);
        using var scope = session.BeginWrite();
        // Every table, for the customer and the customers merged into it: see SqliteCustomerErasure.PerCustomer.
        var (interactions, purchases, snapshots) = await new SqliteCustomerErasure(session).RunAsync(record.CustomerId, cancellationToken).ConfigureAwait(false);
        var stored = record with { InteractionsAnonymized = interactions, PurchasesKept = purchases, MergeSnapshotsRemoved = snapshots };
        using (var insert = session.CreateCommand(
            "INSERT INTO erasures (tenant_id, id, customer_id, erased_at, actor, reason, interactions, purchases, merge_snapshots) VALUES (@tenant, @eid, @id, @at, @actor, @reason, @interactions, @purchases, @snapshots);"))
        {
            insert.Parameters.AddWithValue("@tenant", session.TenantId);
            insert.Parameters.AddWithValue("@eid", stored.Id);
            insert.Parameters.AddWithValue("@id", stored.CustomerId);
            insert.Parameters.AddWithValue("@at", stored.ErasedAt.UtcTicks);
            insert.Parameters.AddWithValue("@actor", stored.Actor);
            insert.Parameters.AddWithValue("@reason", stored.Reason);
            insert.Parameters.AddWithValue("@interactions", interactions);
            insert.Parameters.AddWithValue("@purchases", purchases);
            insert.Parameters.AddWithValue("@snapshots", snapshots);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        scope.Commit();
        return stored;
    }

    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        // The WAL still holds the pre-erasure page images; a truncating checkpoint copies the current pages into the
        // database file and cuts the WAL to zero bytes.
        using (var checkpoint = session.CreateCommand("PRAGMA wal_checkpoint(TRUNCATE);"))
        {
            var reader = await checkpoint.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(0) != 0)
                {
                    throw new InvalidOperationException(
                        "The WAL checkpoint after an erasure was blocked by another connection; erased data may remain in the -wal file until the next checkpoint. Retry the purge when the database is idle.");
                }
            }
        }

        using var restore = session.CreateCommand("PRAGMA secure_delete = FAST;");
        await restore.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT id, customer_id, erased_at, actor, reason, interactions, purchases, merge_snapshots FROM erasures WHERE tenant_id = @tenant ORDER BY erased_at, id;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        var result = new List<ErasureRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new ErasureRecord(reader.GetGuid(0), reader.GetGuid(1), SqliteValues.FromTicks(reader.GetInt64(2)), reader.GetString(3), reader.GetString(4))
                {
                    InteractionsAnonymized = reader.GetInt64(5),
                    PurchasesKept = reader.GetInt64(6),
                    MergeSnapshotsRemoved = reader.GetInt64(7),
                });
            }
        }

        return result;
    }

    private async Task<long> ExecuteAsync(string sql, Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", customerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ConsentRecord>> ReadConsentAsync(string sql, Guid customerId, string? channel, string? purpose, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@customer", customerId);
        if (channel is not null)
        {
            command.Parameters.AddWithValue("@channel", channel);
            command.Parameters.AddWithValue("@purpose", purpose);
        }

        var result = new List<ConsentRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new ConsentRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), Enum.Parse<ConsentStatus>(reader.GetString(3)), reader.GetString(4), SqliteValues.FromTicks(reader.GetInt64(5)))
                {
                    Actor = reader.GetString(6),
                });
            }
        }

        return result;
    }
}
