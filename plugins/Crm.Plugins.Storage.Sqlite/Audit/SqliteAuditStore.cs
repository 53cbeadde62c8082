using System.Globalization;
using System.Text.Json.Nodes;
using Crm.Engine;
using Crm.Engine.Security;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Audit;

/// <summary>Appends to and reads one tenant's audit log on the session's connection, inside its transaction when one is open.</summary>
internal sealed class SqliteAuditStore(SqliteStorageSession session) : IAuditStore
{
    private const string Columns = "seq, id, occurred_at, actor, origin, record_type, record_id, action, changes, customer_id";

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        using var scope = session.BeginWrite();
        foreach (var record in records)
        {
            if (!string.Equals(record.TenantId, session.TenantId, StringComparison.Ordinal))
            {
                throw new CrmTenantMismatchException(session.TenantId, record.TenantId);
            }

            using var command = session.CreateCommand(
                "INSERT INTO audit_log (tenant_id, id, occurred_at, actor, origin, record_type, record_id, action, changes, customer_id) " +
                "VALUES (@tenant, @id, @at, @actor, @origin, @type, @record, @action, @changes, @customer) ON CONFLICT (tenant_id, id) DO NOTHING;");
            command.Parameters.AddWithValue("@customer", SqliteValues.OrNull(record.CustomerId));
            command.Parameters.AddWithValue("@tenant", session.TenantId);
            command.Parameters.AddWithValue("@id", record.Id);
            command.Parameters.AddWithValue("@at", SqliteValues.ToTicks(record.OccurredAt));
            command.Parameters.AddWithValue("@actor", record.Actor);
            command.Parameters.AddWithValue("@origin", record.Origin);
            command.Parameters.AddWithValue("@type", record.RecordType);
            command.Parameters.AddWithValue("@record", record.RecordId);
            command.Parameters.AddWithValue("@action", record.Action);
            command.Parameters.AddWithValue("@changes", WriteChanges(record.Changes));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        scope.Commit();
    }

    public async Task<int> RedactCustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("UPDATE audit_log SET changes = '[]' WHERE tenant_id = @tenant AND customer_id = @customer AND changes <> '[]';");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@customer", customerId);
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
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@type", (object?)query.RecordType ?? DBNull.Value);
        command.Parameters.AddWithValue("@record", (object?)query.RecordId ?? DBNull.Value);
        command.Parameters.AddWithValue("@actor", (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("@after", ParseToken(query.Page.ContinuationToken));
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
        var items = new List<AuditRecord>();
        long lastSeq = 0;
        var more = false;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
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

    private AuditRecord Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetGuid(1),
        TenantId = session.TenantId,
        OccurredAt = SqliteValues.FromTicks(reader.GetInt64(2)),
        Actor = reader.GetString(3),
        Origin = reader.GetString(4),
        RecordType = reader.GetString(5),
        RecordId = reader.GetString(6),
        Action = reader.GetString(7),
        Changes = ReadChanges(reader.GetString(8)),
        CustomerId = reader.GetGuidOrNull(9),
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

    private static string WriteChanges(IReadOnlyList<AuditFieldChange> changes)
    {
        var array = new JsonArray();
        foreach (var change in changes)
        {
            array.Add(new JsonObject { ["f"] = change.Field, ["b"] = change.Before, ["a"] = change.After });
        }

        return array.ToJsonString();
    }

    private static List<AuditFieldChange> ReadChanges(string json)
    {
        var changes = new List<AuditFieldChange>();
        foreach (var node in JsonNode.Parse(json)!.AsArray())
        {
            changes.Add(new AuditFieldChange(node!["f"]!.GetValue<string>(), node["b"]?.GetValue<string>(), node["a"]?.GetValue<string>()));
        }

        return changes;
    }
}
