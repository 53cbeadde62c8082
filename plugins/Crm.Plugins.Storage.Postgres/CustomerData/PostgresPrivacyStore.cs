using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>
/// Stores consent and the erasure log, and erases a customer's personal data in place in one all-or-nothing unit;
/// <see cref="PurgeAsync"/> then vacuums the rewritten tables so the old row versions are removed (see <see cref="PostgresErasurePurge"/>).
/// </summary>
internal sealed class PostgresPrivacyStore(PostgresStorageSession session, PostgresErasurePurge purge) : IPrivacyStore
{
    private const string ConsentColumns = "customer_id, channel, purpose, status, source, recorded_at, recorded_at_tick, actor";

    // Every table whose rows an erasure rewrites or deletes (PostgresCustomerErasure.Tables); VACUUM takes their TOAST
    // tables and indexes along. audit_log: the engine also empties the erased customer's audit values in the erasure's
    // transaction (IAuditStore.RedactCustomerAsync).
    private static readonly string ErasedTables = string.Join(", ", PostgresCustomerErasure.Tables);
    private static readonly string VacuumSql = $"VACUUM (INDEX_CLEANUP ON) {ErasedTables};";
    private static readonly string VacuumFullSql = $"VACUUM (FULL) {ErasedTables};";

    public async Task AppendConsentAsync(ConsentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var command = session.CreateCommand(
            $"INSERT INTO consents (tenant_id, {ConsentColumns}) VALUES (@tenant, @customer, @channel, @purpose, @status, @source, @at, @at_tick, @actor);");
        var parameters = command.Parameters;
        parameters.AddText("tenant", session.TenantId);
        parameters.AddUuid("customer", record.CustomerId);
        parameters.AddText("channel", record.Channel);
        parameters.AddText("purpose", record.Purpose);
        parameters.AddText("status", record.Status.ToString());
        parameters.AddText("source", record.Source);
        parameters.AddInstant("at", record.RecordedAt);
        parameters.AddText("actor", record.Actor);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ConsentRecord>> ListConsentAsync(Guid customerId, CancellationToken cancellationToken) =>
        ReadConsentAsync($"SELECT {ConsentColumns} FROM consents WHERE tenant_id = @tenant AND customer_id = @customer ORDER BY id;", customerId, null, null, cancellationToken);

    public async Task<ConsentRecord?> GetLatestConsentAsync(Guid customerId, string channel, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(purpose);
        var list = await ReadConsentAsync(
            $"SELECT {ConsentColumns} FROM consents WHERE tenant_id = @tenant AND customer_id = @customer AND channel = @channel AND purpose = @purpose ORDER BY id DESC LIMIT 1;",
            customerId, channel, purpose, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public async Task<ErasureRecord> EraseAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            // Every table, for the customer and the customers merged into it, in one round trip: see PostgresCustomerErasure.
            var counts = await new PostgresCustomerErasure(session).RunAsync(record.CustomerId, cancellationToken).ConfigureAwait(false);
            var stored = record with
            {
                InteractionsAnonymized = counts.Interactions,
                PurchasesKept = counts.Purchases,
                MergeSnapshotsRemoved = counts.MergeSnapshots,
            };
            using (var insert = session.CreateCommand(
                "INSERT INTO erasures (tenant_id, id, customer_id, erased_at, erased_at_tick, actor, reason, interactions, purchases, merge_snapshots) " +
                "VALUES (@tenant, @eid, @id, @at, @at_tick, @actor, @reason, @interactions, @purchases, @snapshots);"))
            {
                var parameters = insert.Parameters;
                parameters.AddText("tenant", session.TenantId);
                parameters.AddUuid("eid", stored.Id);
                parameters.AddUuid("id", stored.CustomerId);
                parameters.AddInstant("at", stored.ErasedAt);
                parameters.AddText("actor", stored.Actor);
                parameters.AddText("reason", stored.Reason);
                parameters.AddBigint("interactions", stored.InteractionsAnonymized);
                parameters.AddBigint("purchases", stored.PurchasesKept);
                parameters.AddBigint("snapshots", stored.MergeSnapshotsRemoved);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await scope.CommitAsync().ConfigureAwait(false);
            return stored;
        }
    }

    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        if (session.InTransaction)
        {
            throw new InvalidOperationException("PurgeAsync runs VACUUM, which PostgreSQL refuses inside a transaction; call it after the erasure's transaction commits.");
        }

        // VACUUM skips a table the role does not own with a warning, not an error: log it, or the purge fails unseen.
        var skipped = new List<string>();
        void OnNotice(object sender, NpgsqlNoticeEventArgs e)
        {
            if (e.Notice.InvariantSeverity is "WARNING")
            {
                skipped.Add(e.Notice.MessageText);
            }
        }

        session.Connection.Notice += OnNotice;
        try
        {
            using var command = session.CreateCommand(purge == PostgresErasurePurge.VacuumFull ? VacuumFullSql : VacuumSql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Connection.Notice -= OnNotice;
        }

        foreach (var message in skipped)
        {
            PostgresStorageLog.ErasurePurgeIncomplete(session.Logger, message);
        }
    }

    public async Task<IReadOnlyList<ErasureRecord>> ListErasuresAsync(CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT id, customer_id, erased_at, erased_at_tick, actor, reason, interactions, purchases, merge_snapshots FROM erasures " +
            "WHERE tenant_id = @tenant ORDER BY erased_at, erased_at_tick, id;");
        command.Parameters.AddText("tenant", session.TenantId);
        var result = new List<ErasureRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new ErasureRecord(reader.GetGuid(0), reader.GetGuid(1), reader.GetInstant(2, 3), reader.GetString(4), reader.GetString(5))
                {
                    InteractionsAnonymized = reader.GetInt64(6),
                    PurchasesKept = reader.GetInt64(7),
                    MergeSnapshotsRemoved = reader.GetInt64(8),
                });
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<ConsentRecord>> ReadConsentAsync(string sql, Guid customerId, string? channel, string? purpose, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        command.Parameters.AddUuid("customer", customerId);
        if (channel is not null)
        {
            command.Parameters.AddText("channel", channel);
            command.Parameters.AddText("purpose", purpose);
        }

        var result = new List<ConsentRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new ConsentRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), Enum.Parse<ConsentStatus>(reader.GetString(3)), reader.GetString(4), reader.GetInstant(5, 6))
                {
                    Actor = reader.GetString(7),
                });
            }
        }

        return result;
    }
}
