using System.Text;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Channels;

/// <summary>
/// Stores one tenant's outbox on the session's connection, so an enqueue joins the session's transaction. Attempts are
/// recorded under a lease check: the message row is updated only while the reporting dispatcher still holds it.
/// </summary>
internal sealed class SqliteOutboxStore(SqliteStorageSession session) : IOutboxStore
{
    private const string EntityType = "OutboxMessage";
    private const byte ListPageKind = KeysetToken.OutboxListKind;

    public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        OutboxArguments.CheckEnqueue(message, session.TenantId);

        using (var command = Command(OutboxRows.InsertSql))
        {
            OutboxRows.BindMessage(command, message);
            try
            {
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return message;
                }
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, message.Id, e);
            }
        }

        // The key was taken: the session holds the write lock or its statement saw the committed row, so it is there.
        return await FindByIdempotencyKeyAsync(message.IdempotencyKey, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The outbox message with idempotency key '{message.IdempotencyKey}' was removed while it was being enqueued again.");
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

        // One statement prepared once and re-bound per message; the savepoint (or own transaction) makes the batch all or nothing.
        using var scope = session.BeginWrite();
        using (var command = Command(OutboxRows.InsertSql))
        {
            var parameters = OutboxRows.AddMessageParameters(command);
            command.Prepare();
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                OutboxRows.SetMessage(parameters, message);
                int written;
                try
                {
                    written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
                {
                    throw new CrmDuplicateException(EntityType, message.Id, e);
                }

                stored[i] = written == 1
                    ? message
                    : await FindByIdempotencyKeyAsync(message.IdempotencyKey, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"The outbox message with idempotency key '{message.IdempotencyKey}' was removed while it was being enqueued again.");
            }
        }

        scope.Commit();
        return stored;
    }

    public async Task<OutboxMessage?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {OutboxRows.MessageColumns} FROM outbox_messages WHERE tenant_id = @tenant AND id = @id;");
        command.Parameters.AddWithValue("@id", id);
        var items = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    public async Task<OutboxMessage?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var command = Command($"SELECT {OutboxRows.MessageColumns} FROM outbox_messages WHERE tenant_id = @tenant AND idempotency_key = @key;");
        command.Parameters.AddWithValue("@key", idempotencyKey);
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
            command.Parameters.AddWithValue("@status", status.ToString());
        }

        if (query.CustomerId is { } customer)
        {
            sql.Append(" AND customer_id = @customer");
            command.Parameters.AddWithValue("@customer", customer);
        }

        if (query.CampaignId is { } campaign)
        {
            sql.Append(" AND campaign_id = @campaign");
            command.Parameters.AddWithValue("@campaign", campaign);
        }

        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, ListPageKind);
            sql.Append(" AND (created_at, id) < (@afterKey, @afterId)");
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
        var items = await ReadMessagesAsync(command, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > query.Page.Size)
        {
            items.RemoveAt(query.Page.Size);
            next = KeysetToken.Encode(ListPageKind, items[^1].CreatedAt.UtcTicks, items[^1].Id);
        }

        return new Page<OutboxMessage>(items, next);
    }

    public async Task<bool> RecordAttemptAsync(OutboxAttemptResult result, CancellationToken cancellationToken)
    {
        OutboxArguments.CheckAttempt(result);
        var attempt = result.Attempt;
        using var scope = session.BeginWrite();
        using (var update = Command(
            "UPDATE outbox_messages SET status = @status, attempts = attempts + 1, next_attempt_at = @next, last_error = COALESCE(@detail, last_error), " +
            "provider_message_id = COALESCE(@providerId, provider_message_id), interaction_id = COALESCE(@interaction, interaction_id), " +
            "lease_owner = NULL, lease_until = NULL, updated_at = @updated " +
            "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND lease_owner = @owner;"))
        {
            update.Parameters.AddWithValue("@id", attempt.MessageId);
            update.Parameters.AddWithValue("@owner", result.LeaseOwner);
            update.Parameters.AddWithValue("@status", result.Status.ToString());
            update.Parameters.AddWithValue("@next", SqliteValues.ToTicks(result.NextAttemptAt));
            update.Parameters.AddWithValue("@detail", SqliteValues.OrNull(attempt.Detail));
            update.Parameters.AddWithValue("@providerId", SqliteValues.OrNull(attempt.ProviderMessageId));
            update.Parameters.AddWithValue("@interaction", SqliteValues.OrNull(result.InteractionId));
            update.Parameters.AddWithValue("@updated", SqliteValues.ToTicks(OutboxArguments.EndedAt(attempt)));
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        using (var insert = Command(
            $"INSERT INTO outbox_attempts (tenant_id, {OutboxRows.AttemptColumns}) VALUES (@tenant, @id, @number, @at, @outcome, @detail, @providerId, @duration);"))
        {
            insert.Parameters.AddWithValue("@id", attempt.MessageId);
            insert.Parameters.AddWithValue("@number", attempt.Number);
            insert.Parameters.AddWithValue("@at", SqliteValues.ToTicks(attempt.AttemptedAt));
            insert.Parameters.AddWithValue("@outcome", attempt.Outcome.ToString());
            insert.Parameters.AddWithValue("@detail", SqliteValues.OrNull(attempt.Detail));
            insert.Parameters.AddWithValue("@providerId", SqliteValues.OrNull(attempt.ProviderMessageId));
            insert.Parameters.AddWithValue("@duration", attempt.Duration.Ticks);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException("OutboxAttempt", attempt.MessageId, e);
            }
        }

        scope.Commit();
        return true;
    }

    public async Task<IReadOnlyList<OutboxAttempt>> GetAttemptsAsync(Guid messageId, CancellationToken cancellationToken)
    {
        using var command = Command($"SELECT {OutboxRows.AttemptColumns} FROM outbox_attempts WHERE tenant_id = @tenant AND message_id = @id ORDER BY number;");
        command.Parameters.AddWithValue("@id", messageId);
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
        "UPDATE outbox_messages SET status = 'Pending', next_attempt_at = @now, updated_at = @now, lease_owner = NULL, lease_until = NULL " +
        "WHERE tenant_id = @tenant AND id = @id AND status = 'DeadLettered';",
        id,
        now,
        cancellationToken);

    public Task<bool> CancelAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken) => ChangeAsync(
        "UPDATE outbox_messages SET status = 'Cancelled', updated_at = @now, lease_owner = NULL, lease_until = NULL " +
        "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND (lease_until IS NULL OR lease_until <= @now);",
        id,
        now,
        cancellationToken);

    private async Task<bool> ChangeAsync(string sql, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = Command(sql);
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }

    private static async Task<List<OutboxMessage>> ReadMessagesAsync(SqliteCommand command, CancellationToken cancellationToken)
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
