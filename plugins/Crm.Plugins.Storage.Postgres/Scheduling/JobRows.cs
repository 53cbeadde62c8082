using Crm.Engine.Scheduling;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Scheduling;

/// <summary>Maps scheduled jobs to rows of <c>scheduled_jobs</c> and back.</summary>
internal static class JobRows
{
    /// <summary>The columns <see cref="Read"/> expects, unqualified (they are also used in <c>RETURNING</c>).</summary>
    public const string Columns =
        "tenant_id, id, kind, key, payload, due_at, due_at_tick, repeat_every, status, attempts, last_error, created_at, created_at_tick, updated_at, updated_at_tick";

    private const string Values =
        "@tenant, @id, @kind, @key, @payload, @due, @due_tick, @repeat, @status, @attempts, @error, @created, @created_tick, @updated, @updated_tick";

    /// <summary>Inserts a job unless its key or its id is taken (no unique violation); returns the row only when inserted.</summary>
    public const string InsertSql = $"INSERT INTO scheduled_jobs ({Columns}) VALUES ({Values}) ON CONFLICT DO NOTHING RETURNING {Columns};";

    /// <summary>
    /// Inserts a job or replaces the one with its key, keeping that job's id and creation time and dropping its lease.
    /// ON CONFLICT DO UPDATE takes one arbiter, so an id already used by a job with another key is ruled out first:
    /// then no row is written or returned, instead of a unique violation that would abort the caller's transaction.
    /// </summary>
    public const string UpsertSql =
        $"INSERT INTO scheduled_jobs ({Columns}) SELECT {Values} " +
        "WHERE NOT EXISTS (SELECT 1 FROM scheduled_jobs WHERE tenant_id = @tenant AND id = @id AND key <> @key) " +
        "ON CONFLICT (tenant_id, key) DO UPDATE SET kind = EXCLUDED.kind, payload = EXCLUDED.payload, due_at = EXCLUDED.due_at, " +
        "due_at_tick = EXCLUDED.due_at_tick, repeat_every = EXCLUDED.repeat_every, status = EXCLUDED.status, attempts = EXCLUDED.attempts, " +
        "last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at, updated_at_tick = EXCLUDED.updated_at_tick, " +
        $"lease_owner = NULL, lease_until = NULL, lease_until_tick = NULL RETURNING {Columns};";

    public static void Bind(NpgsqlCommand command, ScheduledJob job)
    {
        var p = command.Parameters;
        p.AddUuid("id", job.Id);
        p.AddText("kind", job.Kind);
        p.AddText("key", job.Key);
        p.AddText("payload", job.Payload);
        p.AddInstant("due", job.DueAt);
        p.Add(new NpgsqlParameter("repeat", NpgsqlDbType.Bigint) { Value = job.RepeatEvery is { } every ? every.Ticks : DBNull.Value });
        p.AddText("status", job.Status.ToString());
        p.AddInteger("attempts", job.Attempts);
        p.AddText("error", job.LastError);
        p.AddInstant("created", job.CreatedAt);
        p.AddInstant("updated", job.UpdatedAt);
    }

    public static ScheduledJob Read(NpgsqlDataReader r) => new()
    {
        TenantId = r.GetString(0),
        Id = r.GetGuid(1),
        Kind = r.GetString(2),
        Key = r.GetString(3),
        Payload = r.GetString(4),
        DueAt = r.GetInstant(5, 6),
        RepeatEvery = r.IsDBNull(7) ? null : TimeSpan.FromTicks(r.GetInt64(7)),
        Status = Enum.Parse<ScheduledJobStatus>(r.GetString(8)),
        Attempts = r.GetInt32(9),
        LastError = r.GetStringOrNull(10),
        CreatedAt = r.GetInstant(11, 12),
        UpdatedAt = r.GetInstant(13, 14),
    };
}
