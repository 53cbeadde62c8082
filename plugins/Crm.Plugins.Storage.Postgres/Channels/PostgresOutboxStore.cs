using System.Text;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Querying;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Channels;

/// <summary>
/// Stores one tenant's outbox on the session's connection, so an enqueue joins the session's transaction. Attempts are
/// recorded under a lease check: the message row changes only while the reporting dispatcher still holds it.
/// </summary>
/// <remarks>
/// No statement here provokes a unique violation: in PostgreSQL a failed statement aborts the surrounding transaction,
/// and the caller's transaction (the business change beside an enqueue, the interaction beside an attempt) must stay
/// usable whatever the store finds. Each write is one statement, so none needs a savepoint round trip either.
/// </remarks>
internal sealed class PostgresOutboxStore(PostgresStorageSession session) : IOutboxStore
{
    private const string EntityType = "OutboxMessage";

    // Messages per round trip of EnqueueManyAsync: large enough to amortise the trip, small enough to bound the batch's memory.
    private const int EnqueueRoundTrip = 500;

    // One statement: the lease check, the message's move and the appended attempt commit together or not at all. An
    // attempt number recorded before blocks the move (the dispatcher numbered wrongly), and the second column tells
    // that case apart from a lost lease. Data-modifying CTEs share one snapshot, so "prior" and "held" see the rows as
    // they were before this statement.
    private const string RecordAttemptSql =
        "WITH prior AS (SELECT 1 FROM outbox_attempts WHERE tenant_id = @tenant AND message_id = @id AND number = @number), " +
        "moved AS (UPDATE outbox_messages SET status = @status, attempts = attempts + 1, next_attempt_at = @next, next_attempt_at_tick = @next_tick, " +
        "last_error = COALESCE(@detail, last_error), provider_message_id = COALESCE(@providerId, provider_message_id), " +
        "interaction_id = COALESCE(@interaction, interaction_id), lease_owner = NULL, lease_until = NULL, lease_until_tick = NULL, " +
        "updated_at = @updated, updated_at_tick = @updated_tick " +
        "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND lease_owner = @owner AND NOT EXISTS (SELECT 1 FROM prior) RETURNING id), " +
        $"added AS (INSERT INTO outbox_attempts (tenant_id, {OutboxRows.AttemptColumns}) " +
        "SELECT @tenant, id, @number, @at, @at_tick, @outcome, @detail, @providerId, @duration FROM moved RETURNING 1) " +
        "SELECT EXISTS (SELECT 1 FROM added), EXISTS (SELECT 1 FROM prior) AND EXISTS (SELECT 1 FROM outbox_messages " +
        "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND lease_owner = @owner);";

    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        OutboxArguments.CheckEnqueue(message, session.TenantId);
        using (var command = Command(OutboxRows.InsertSql))
        {
            OutboxRows.BindMessage(command, message);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return message;
            }
        }

        // Nothing written: the key is taken (ON CONFLICT waited for a concurrent writer of it to commit, so this
        // statement sees its row), or else the id is.
        return await FindByIdempotencyKeyAsync(message.IdempotencyKey, cancellationToken).ConfigureAwait(false)
            ?? throw new CrmDuplicateException(EntityType, message.Id);
    }

    public async Task<IReadOnlyList<OutboxMessage>> EnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            OutboxArguments.CheckEnqueue(message, session.TenantId);
        }

        var stored = new OutboxMessage[messages.Count];
        if (messages.Count == 0)
        {
            return stored;
        }

        // A savepoint (or a transaction of its own) makes the batch all or nothing when an id turns out to be taken.
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            for (var start = 0; start < messages.Count; start += EnqueueRoundTrip)
            {
                var count = Math.Min(EnqueueRoundTrip, messages.Count - start);
                using (var batch = session.CreateBatch())
                {
                    for (var i = 0; i < count; i++)
                    {
                        var statement = new NpgsqlBatchCommand(OutboxRows.InsertSql);
                        statement.Parameters.AddText("tenant", session.TenantId);
                        OutboxRows.BindMessage(statement.Parameters, messages[start + i]);
                        batch.BatchCommands.Add(statement);
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < count; i++)
                    {
                        if (batch.BatchCommands[i].RecordsAffected == 1)
                        {
                            stored[start + i] = messages[start + i];
                        }
                    }
                }

                // Nothing written means the key was used (earlier, or earlier in this batch) or else the id is taken.
                for (var i = start; i < start + count; i++)
                {
                    stored[i] ??= await FindByIdempotencyKeyAsync(messages[i].IdempotencyKey, cancellationToken).ConfigureAwait(false)
                        ?? throw new CrmDuplicateException(EntityType, messages[i].Id);
                }
            }

            await scope.CommitAsync().ConfigureAwait(false);
        }

        return stored;
    }

    public async Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {OutboxRows.MessageColumns} FROM outbox_messages WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddUuid("id", id);
        var items = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<OutboxMessage?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var command = Command($"SELECT {OutboxRows.MessageColumns} FROM outbox_messages WHERE tenant_id = @tenant AND idempotency_key = @key;");
        command.Parameters.AddText("key", idempotencyKey);
        var items = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<Page<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        // Only fixed fragments are appended, so each filter combination is its own statement and can use its index.
        var sql = new StringBuilder($"SELECT {OutboxRows.MessageColumns} FROM outbox_messages WHERE tenant_id = @tenant");
        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddText("status", status.ToString());
        }

        if (query.CustomerId is { } customer)
        {
            sql.Append(" AND customer_id = @customer");
            command.Parameters.AddUuid("customer", customer);
        }

        if (query.CampaignId is { } campaign)
        {
            sql.Append(" AND campaign_id = @campaign");
            command.Parameters.AddUuid("campaign", campaign);
        }

        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, KeysetToken.OutboxListKind);
            sql.Append(" AND (created_at, created_at_tick, id) < (@after, @after_tick, @afterId)");
            command.Parameters.AddInstant("after", new DateTimeOffset(key, TimeSpan.Zero));
            command.Parameters.AddUuid("afterId", id);
        }

        sql.Append(" ORDER BY created_at DESC, created_at_tick DESC, id DESC LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddInteger("limit", query.Page.Size + 1);
        var items = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > query.Page.Size)
        {
            items.RemoveAt(query.Page.Size);
            next = KeysetToken.Encode(KeysetToken.OutboxListKind, items[^1].CreatedAt.UtcTicks, items[^1].Id);
        }

        return new Page<OutboxMessage>(items, next);
    }

    public async Task<bool> RecordAttemptAsync(OutboxAttemptResult result, CancellationToken cancellationToken)
    {
        OutboxArguments.CheckAttempt(result);
        var attempt = result.Attempt;
        using var command = Command(RecordAttemptSql);
        var p = command.Parameters;
        p.AddUuid("id", attempt.MessageId);
        p.AddInteger("number", attempt.Number);
        p.AddText("owner", result.LeaseOwner);
        p.AddText("status", result.Status.ToString());
        p.AddInstant("next", result.NextAttemptAt);
        p.AddText("detail", attempt.Detail);
        p.AddText("providerId", attempt.ProviderMessageId);
        p.AddUuidOrNull("interaction", result.InteractionId);
        p.AddInstant("updated", OutboxArguments.EndedAt(attempt));
        p.AddInstant("at", attempt.AttemptedAt);
        p.AddText("outcome", attempt.Outcome.ToString());
        p.AddBigint("duration", attempt.Duration.Ticks);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reader.GetBoolean(1))
            {
                throw new CrmDuplicateException("OutboxAttempt", attempt.MessageId);
            }

            return reader.GetBoolean(0);
        }
    }

    public async Task<IReadOnlyList<OutboxAttempt>> GetAttemptsAsync(Guid messageId, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {OutboxRows.AttemptColumns} FROM outbox_attempts WHERE tenant_id = @tenant AND message_id = @id ORDER BY number;");
        command.Parameters.AddUuid("id", messageId);
        var attempts = new List<OutboxAttempt>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                attempts.Add(OutboxRows.ReadAttempt(reader));
            }
        }

        return attempts;
    }

    public Task<bool> RequeueAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) => ChangeAsync(
        "UPDATE outbox_messages SET status = 'Pending', next_attempt_at = @now, next_attempt_at_tick = @now_tick, updated_at = @now, updated_at_tick = @now_tick, " +
        "lease_owner = NULL, lease_until = NULL, lease_until_tick = NULL WHERE tenant_id = @tenant AND id = @id AND status = 'DeadLettered';",
        id,
        now,
        cancellationToken);

    public Task<bool> CancelAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) => ChangeAsync(
        "UPDATE outbox_messages SET status = 'Cancelled', updated_at = @now, updated_at_tick = @now_tick, lease_owner = NULL, lease_until = NULL, lease_until_tick = NULL " +
        "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND (lease_until IS NULL OR (lease_until, lease_until_tick) <= (@now, @now_tick));",
        id,
        now,
        cancellationToken);

    private async Task<bool> ChangeAsync(string sql, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = Command(sql);
        command.Parameters.AddUuid("id", id);
        command.Parameters.AddInstant("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }

    private static async Task<List<OutboxMessage>> ReadMessagesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<OutboxMessage>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(OutboxRows.ReadMessage(reader));
            }
        }

        return items;
    }
}
