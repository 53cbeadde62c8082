using System.Buffers;
using System.Globalization;
using System.Text.Json;
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

    private const string InsertSql =
        "INSERT INTO audit_log (tenant_id, id, occurred_at, actor, origin, record_type, record_id, action, changes, customer_id) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (tenant_id, id) DO NOTHING;";

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        // One prepared statement for all records (an import appends thousands per batch), bound by position: only the
        // values change. Multi-row statements were tried and were slower (Microsoft.Data.Sqlite matched every parameter
        // name of a statement against the collection on each execution, quadratic in the parameters of one statement).
        using var scope = session.BeginWrite();
        using var changes = new ChangesWriter();
        using var insert = SqliteRawStatement.Prepare(session, InsertSql);
        // One pass: an import hands over records built as they are read. A record of another tenant ends the write
        // scope uncommitted, so the records before it are rolled back with it.
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!string.Equals(record.TenantId, session.TenantId, StringComparison.Ordinal))
            {
                throw new CrmTenantMismatchException(session.TenantId, record.TenantId);
            }

            insert.Text(1, session.TenantId);
            insert.Guid(2, record.Id);
            insert.Int64(3, SqliteValues.ToTicks(record.OccurredAt));
            insert.Text(4, record.Actor);
            insert.Text(5, record.Origin);
            insert.Text(6, record.RecordType);
            insert.Text(7, record.RecordId);
            insert.Text(8, record.Action);
            insert.Utf8(9, changes.Write(record.Changes));
            insert.Guid(10, record.CustomerId);
            insert.Execute();
        }

        scope.Commit();
        await Task.CompletedTask.ConfigureAwait(false);
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

    /// <summary>Writes the changes column as UTF-8 valid until the next write (<c>[{"f":field,"b":before,"a":after}]</c>, null values left out) through one reused writer.</summary>
    private sealed class ChangesWriter : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _json;

        public ChangesWriter() => _json = new Utf8JsonWriter(_buffer);

        public ReadOnlySpan<byte> Write(IReadOnlyList<AuditFieldChange> changes)
        {
            if (changes.Count == 0)
            {
                return "[]"u8;
            }

            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            _json.WriteStartArray();
            foreach (var change in changes)
            {
                _json.WriteStartObject();
                // A missing "b" or "a" reads as null: a creation's record, which has no before values, is a fifth shorter.
                _json.WriteString("f", change.Field);
                if (change.Before is { } before)
                {
                    _json.WriteString("b", before);
                }

                if (change.After is { } after)
                {
                    _json.WriteString("a", after);
                }

                _json.WriteEndObject();
            }

            _json.WriteEndArray();
            _json.Flush();
            return _buffer.WrittenSpan;
        }

        public void Dispose() => _json.Dispose();
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
