using System.Text;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Querying;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Scheduling;

/// <summary>
/// Stores one tenant's scheduled jobs on the session's connection, so scheduling joins the session's transaction.
/// Outcomes are applied under a lease check: only the instance that still holds the job's lease can report back.
/// Every write is one statement that never provokes a unique violation, which would abort the caller's transaction.
/// </summary>
internal sealed class PostgresJobStore(PostgresStorageSession session) : IJobStore
{
    private const string EntityType = "ScheduledJob";

    public async Task<ScheduledJob> ScheduleAsync(ScheduledJob job, bool replace, CancellationToken cancellationToken)
    {
        JobArguments.CheckSchedule(job, session.TenantId);
        using (var command = Command(replace ? JobRows.UpsertSql : JobRows.InsertSql))
        {
            JobRows.Bind(command, job);
            List<ScheduledJob> stored;
            try
            {
                stored = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (PgValues.IsDuplicateKey(e))
            {
                // Only when another transaction committed a job with this id and another key between the upsert's check
                // and its insert; ids are fresh GUIDs, so in practice never.
                throw new CrmDuplicateException(EntityType, job.Id, e);
            }

            if (stored.Count == 1)
            {
                return stored[0];
            }
        }

        // Nothing written: without replace the key may be taken (then that job is the answer); otherwise the id is.
        return (replace ? null : await FindByKeyAsync(job.Key, cancellationToken).ConfigureAwait(false))
            ?? throw new CrmDuplicateException(EntityType, job.Id);
    }

    public async Task<ScheduledJob?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var command = Command($"SELECT {JobRows.Columns} FROM scheduled_jobs WHERE tenant_id = @tenant AND key = @key;");
        command.Parameters.AddText("key", key);
        var jobs = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task<bool> CancelAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        // A leased (running) job is still pending: cancelling it drops the lease, so the run's outcome is not applied
        // and a recurring job does not come back.
        using var command = Command(
            "UPDATE scheduled_jobs SET status = 'Cancelled', updated_at = @now, updated_at_tick = @now_tick, lease_owner = NULL, lease_until = NULL, lease_until_tick = NULL " +
            "WHERE tenant_id = @tenant AND key = @key AND status = 'Pending';");
        command.Parameters.AddText("key", key);
        command.Parameters.AddInstant("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> CompleteAsync(ScheduledJobOutcome outcome, CancellationToken cancellationToken)
    {
        JobArguments.CheckOutcome(outcome);
        using var command = Command(
            "UPDATE scheduled_jobs SET status = @status, due_at = COALESCE(@next, due_at), due_at_tick = COALESCE(@next_tick, due_at_tick), attempts = @attempts, " +
            "last_error = COALESCE(@error, last_error), lease_owner = NULL, lease_until = NULL, lease_until_tick = NULL, updated_at = @now, updated_at_tick = @now_tick " +
            "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND lease_owner = @owner;");
        var p = command.Parameters;
        p.AddUuid("id", outcome.JobId);
        p.AddText("owner", outcome.LeaseOwner);
        p.AddText("status", outcome.Status.ToString());
        p.AddInstantOrNull("next", outcome.NextDueAt);
        p.AddInteger("attempts", outcome.Attempts);
        p.AddText("error", outcome.Error);
        p.AddInstant("now", outcome.Now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<Page<ScheduledJob>> ListAsync(ScheduledJobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Page.Validate();
        using var command = Command("");
        var sql = new StringBuilder($"SELECT {JobRows.Columns} FROM scheduled_jobs WHERE tenant_id = @tenant");
        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = @kind");
            command.Parameters.AddText("kind", kind);
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddText("status", status.ToString());
        }

        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, KeysetToken.JobListKind);
            sql.Append(" AND (due_at, due_at_tick, id) > (@after, @after_tick, @afterId)");
            command.Parameters.AddInstant("after", new DateTimeOffset(key, TimeSpan.Zero));
            command.Parameters.AddUuid("afterId", id);
        }

        sql.Append(" ORDER BY due_at, due_at_tick, id LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddInteger("limit", query.Page.Size + 1);
        var items = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > query.Page.Size)
        {
            items.RemoveAt(query.Page.Size);
            next = KeysetToken.Encode(KeysetToken.JobListKind, items[^1].DueAt.UtcTicks, items[^1].Id);
        }

        return new Page<ScheduledJob>(items, next);
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddText("tenant", session.TenantId);
        return command;
    }

    private static async Task<List<ScheduledJob>> ReadJobsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<ScheduledJob>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(JobRows.Read(reader));
            }
        }

        return jobs;
    }
}
