using System.Globalization;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Audit;

/// <summary>
/// Appends to and reads one tenant's audit log on the session's connection, inside its transaction when one is open.
/// An append of several records is one batch (one round trip) in a savepoint or a transaction of its own.
/// </summary>
internal sealed class PostgresAuditStore(PostgresStorageSession session) : IAuditStore
{
    private const string Columns = "seq, id, occurred_at, occurred_at_tick, actor, origin, record_type, record_id, action, changes, customer_id";

    private const string InsertSql =
        "INSERT INTO audit_log (tenant_id, id, occurred_at, occurred_at_tick, actor, origin, record_type, record_id, action, changes, customer_id) " +
        "VALUES (@tenant, @id, @at, @at_tick, @actor, @origin, @type, @record, @action, @changes, @customer) ON CONFLICT (tenant_id, id) DO NOTHING;";

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        foreach (var record in records)
        {
            if (!string.Equals(record.TenantId, session.TenantId, StringComparison.Ordinal))
            {
                throw new CrmTenantMismatchException(session.TenantId, record.TenantId);
            }
        }

        var scope = await session.BeginWriteAsync(severalStatements: records.Count > 1, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            // One statement per record, in list order, so seq (the log's order) follows the order of the events.
            using var batch = session.CreateBatch();
            foreach (var record in records)
            {
                var statement = new NpgsqlBatchCommand(InsertSql);
                var parameters = statement.Parameters;
                parameters.AddText("tenant", session.TenantId);
                parameters.AddUuid("id", record.Id);
                parameters.AddInstant("at", record.OccurredAt);
                parameters.AddText("actor", record.Actor);
                parameters.AddText("origin", record.Origin);
                parameters.AddText("type", record.RecordType);
                parameters.AddText("record", record.RecordId);
                parameters.AddText("action", record.Action);
                parameters.AddJsonb("changes", AuditChangesJson.Write(record.Changes));
                parameters.AddUuidOrNull("customer", record.CustomerId);
                batch.BatchCommands.Add(statement);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await scope.CommitAsync().ConfigureAwait(false);
        }
    }

    public async Task<int> RedactCustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "UPDATE audit_log SET changes = '[]'::jsonb WHERE tenant_id = @tenant AND customer_id = @customer AND changes <> '[]'::jsonb;");
        command.Parameters.AddText("tenant", session.TenantId);
        command.Parameters.AddUuid("customer", customerId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        var filter = query switch
        {
            { RecordType: not null, RecordId: not null } => "record_type = @type AND record_id = @record",
            { Actor: not null } => "actor = @actor",
            _ => throw new ArgumentException("An audit query names a record (RecordType and RecordId) or an actor.", nameof(query)),
        };
        using var command = session.CreateCommand(
            $"SELECT {Columns} FROM audit_log WHERE tenant_id = @tenant AND {filter} AND seq < @after ORDER BY seq DESC LIMIT @limit;");
        command.Parameters.AddText("tenant", session.TenantId);
        if (query is { RecordType: not null, RecordId: not null })
        {
            command.Parameters.AddText("type", query.RecordType);
            command.Parameters.AddText("record", query.RecordId);
        }
        else
        {
            command.Parameters.AddText("actor", query.Actor);
        }

        command.Parameters.AddBigint("after", ParseToken(query.Page.ContinuationToken));
        command.Parameters.AddBigint("limit", query.Page.Size + 1);
        var items = new List<AuditRecord>();
        long lastSeq = 0;
        var more = false;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (items.Count == query.Page.Size)
                {
                    more = true;
                    break;
                }

                lastSeq = reader.GetInt64(0);
                items.Add(Read(reader));
            }
        }

        return new Page<AuditRecord>(items, more ? lastSeq.ToString(CultureInfo.InvariantCulture) : null);
    }

    private AuditRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(1),
        TenantId = session.TenantId,
        OccurredAt = reader.GetInstant(2, 3),
        Actor = reader.GetString(4),
        Origin = reader.GetString(5),
        RecordType = reader.GetString(6),
        RecordId = reader.GetString(7),
        Action = reader.GetString(8),
        Changes = AuditChangesJson.Read(reader.GetString(9)),
        CustomerId = reader.GetGuidOrNull(10),
    };

    private static long ParseToken(string? token)
    {
        if (token is null)
        {
            return long.MaxValue;
        }

        return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            ? seq
            : throw new CrmValidationException("page.continuationToken", $"'{token}' is not a continuation token of the audit log; pass the one the previous page returned.", "token");
    }
}
