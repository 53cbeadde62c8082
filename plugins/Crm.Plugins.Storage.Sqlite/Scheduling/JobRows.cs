using Crm.Engine.Scheduling;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Scheduling;

/// <summary>Maps scheduled jobs to rows of <c>scheduled_jobs</c> and back.</summary>
internal static class JobRows
{
    /// <summary>The columns <see cref="Read"/> expects, unqualified (they are also used in <c>RETURNING</c>).</summary>
    public const string Columns =
        "tenant_id, id, kind, key, payload, due_at, repeat_every, status, attempts, last_error, created_at, updated_at";

    private const string Values = "(@tenant, @id, @kind, @key, @payload, @due, @repeat, @status, @attempts, @error, @created, @updated)";

    /// <summary>Inserts a job unless its key is taken; returns the row only when inserted.</summary>
    public const string InsertSql =
        $"INSERT INTO scheduled_jobs ({Columns}) VALUES {Values} ON CONFLICT (tenant_id, key) DO NOTHING RETURNING {Columns};";

    /// <summary>Inserts a job or replaces the one with its key, keeping that job's id and creation time and dropping its lease.</summary>
    public const string UpsertSql =
        $"INSERT INTO scheduled_jobs ({Columns}) VALUES {Values} ON CONFLICT (tenant_id, key) DO UPDATE SET " +
        "kind = excluded.kind, payload = excluded.payload, due_at = excluded.due_at, repeat_every = excluded.repeat_every, " +
        "status = excluded.status, attempts = excluded.attempts, last_error = excluded.last_error, updated_at = excluded.updated_at, " +
        $"lease_owner = NULL, lease_until = NULL RETURNING {Columns};";

    public static void Bind(SqliteCommand command, ScheduledJob job)
    {
        var p = command.Parameters;
        p.AddWithValue("@id", job.Id);
        p.AddWithValue("@kind", job.Kind);
        p.AddWithValue("@key", job.Key);
        p.AddWithValue("@payload", job.Payload);
        p.AddWithValue("@due", SqliteValues.ToTicks(job.DueAt));
        p.AddWithValue("@repeat", job.RepeatEvery is { } every ? every.Ticks : DBNull.Value);
        p.AddWithValue("@status", job.Status.ToString());
        p.AddWithValue("@attempts", job.Attempts);
        p.AddWithValue("@error", SqliteValues.OrNull(job.LastError));
        p.AddWithValue("@created", SqliteValues.ToTicks(job.CreatedAt));
        p.AddWithValue("@updated", SqliteValues.ToTicks(job.UpdatedAt));
    }

    public static ScheduledJob Read(SqliteDataReader r) => new()
    {
        TenantId = r.GetString(0),
        Id = r.GetGuid(1),
        Kind = r.GetString(2),
        Key = r.GetString(3),
        Payload = r.GetString(4),
        DueAt = SqliteValues.FromTicks(r.GetInt64(5)),
        RepeatEvery = r.IsDBNull(6) ? null : TimeSpan.FromTicks(r.GetInt64(6)),
        Status = Enum.Parse<ScheduledJobStatus>(r.GetString(7)),
        Attempts = r.GetInt32(8),
        LastError = r.GetStringOrNull(9),
        CreatedAt = SqliteValues.FromTicks(r.GetInt64(10)),
        UpdatedAt = SqliteValues.FromTicks(r.GetInt64(11)),
    };
}
