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

    // Every table whose rows an erasure rewrites or deletes; VACUUM takes their TOAST tables and indexes along. audit_log:
    // the engine empties the erased customer's audit values in the erasure's transaction (IAuditStore.RedactCustomerAsync).
    private const string ErasedTables = "customers, interactions, merge_records, outbox_messages, outbox_attempts, inbound_receipts, audit_log, support_cases, survey_responses";
    private const string VacuumSql = $"VACUUM (INDEX_CLEANUP ON) {ErasedTables};";
    private const string VacuumFullSql = $"VACUUM (FULL) {ErasedTables};";

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
            // One round trip for the anonymizing statements and the purchase count; the log's counts are the rows each changed.
            using var batch = session.CreateBatch();
            batch.BatchCommands.Add(Statement(
                "UPDATE customers SET version = version + 1, external_id = NULL, first_name = '', last_name = '', company = NULL, email_keys = '{}', " +
                "emails = '{}', phones = '{}', birth_date = NULL, gender = NULL, city = NULL, region = NULL, postal_code = NULL, income_band = NULL, " +
                "owner_id = NULL, tags = '{}', attributes = '{}', attribute_kinds = NULL WHERE tenant_id = @tenant AND id = @id;",
                record.CustomerId));
            batch.BatchCommands.Add(Statement(
                "UPDATE interactions SET version = version + 1, subject = NULL, body = NULL, external_id = NULL, metadata = '{}' WHERE tenant_id = @tenant AND customer_id = @id;",
                record.CustomerId));
            batch.BatchCommands.Add(Statement(
                "UPDATE merge_records SET merged_snapshot = NULL WHERE tenant_id = @tenant AND (survivor_id = @id OR merged_id = @id) AND merged_snapshot IS NOT NULL;",
                record.CustomerId));
            // After the statements whose counts the record reads by index (1 and 2). Case subjects and descriptions, and free-text survey answers, are written by or about the person; the case
            // (times, status, SLA) and the NPS/CSAT score columns stay for the anonymous aggregates.
            batch.BatchCommands.Add(Statement(
                "UPDATE support_cases SET version = version + 1, subject = '', description = NULL WHERE tenant_id = @tenant AND customer_id = @id;",
                record.CustomerId));
            batch.BatchCommands.Add(Statement(
                "UPDATE survey_responses SET answers = '[]' WHERE tenant_id = @tenant AND customer_id = @id;",
                record.CustomerId));
            // Outbox messages carry addresses and bodies; their attempts go with them (ON DELETE CASCADE). Receipts hold
            // provider message ids, which can embed an address just like the interactions' external ids cleared above.
            batch.BatchCommands.Add(Statement("DELETE FROM outbox_messages WHERE tenant_id = @tenant AND customer_id = @id;", record.CustomerId));
            batch.BatchCommands.Add(Statement(
                "DELETE FROM inbound_receipts WHERE tenant_id = @tenant AND interaction_id IN (SELECT id FROM interactions WHERE tenant_id = @tenant AND customer_id = @id);",
                record.CustomerId));
            batch.BatchCommands.Add(Statement("SELECT COUNT(*) FROM purchases WHERE tenant_id = @tenant AND customer_id = @id;", record.CustomerId));
            long purchases = 0;
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    purchases = reader.GetInt64(0);
                }
            }

            var stored = record with
            {
                InteractionsAnonymized = batch.BatchCommands[1].RecordsAffected,
                PurchasesKept = purchases,
                MergeSnapshotsRemoved = batch.BatchCommands[2].RecordsAffected,
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

    private NpgsqlBatchCommand Statement(string sql, Guid customerId)
    {
        var statement = new NpgsqlBatchCommand(sql);
        statement.Parameters.AddText("tenant", session.TenantId);
        statement.Parameters.AddUuid("id", customerId);
        return statement;
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
