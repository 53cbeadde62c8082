using System.Text;
using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;

namespace Crm.Plugins.Storage.Sqlite.Scheduling;

/// <summary>
/// Stores one tenant's scheduled jobs on the session's connection, so scheduling joins the session's transaction.
/// Outcomes are applied under a lease check: only the instance that still holds the job's lease can report back.
/// </summary>
internal sealed class SqliteJobStore(SqliteStorageSession session) : IJobStore
{
    private const string EntityType = "ScheduledJob";
    private const byte ListPageKind = KeysetToken.JobListKind;

    public async Task<ScheduledJob> ScheduleAsync(ScheduledJob job, bool replace, CancellationToken cancellationToken)
    {
        JobArguments.CheckSchedule(job, session.TenantId);

        using (var command = Command(replace ? JobRows.UpsertSql : JobRows.InsertSql))
        {
            JobRows.Bind(command, job);
            try
            {
                var stored = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
                if (stored.Count == 1)
                {
                    return stored[0];
                }
            }
            catch (SqliteException e) when (SqliteValues.IsDuplicateKey(e))
            {
                throw new CrmDuplicateException(EntityType, job.Id, e);
            }
        }

        return await FindByKeyAsync(job.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The scheduled job '{job.Key}' was removed while it was being scheduled again.");
    }

    public async Task<ScheduledJob?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var command = Command($"SELECT {JobRows.Columns} FROM scheduled_jobs WHERE tenant_id = @tenant AND key = @key;");
        command.Parameters.AddWithValue("@key", key);
        var jobs = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task<bool> CancelAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        // A leased (running) job is still pending: cancelling it drops the lease, so the run's outcome is not applied
        // and a recurring job does not come back.
        using var command = Command(
            "UPDATE scheduled_jobs SET status = 'Cancelled', updated_at = @now, lease_owner = NULL, lease_until = NULL " +
            "WHERE tenant_id = @tenant AND key = @key AND status = 'Pending';");
        command.Parameters.AddWithValue("@key", key);
        command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(now));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> CompleteAsync(ScheduledJobOutcome outcome, CancellationToken cancellationToken)
    {
        JobArguments.CheckOutcome(outcome);

        using var command = Command(
            "UPDATE scheduled_jobs SET status = @status, due_at = COALESCE(@next, due_at), attempts = @attempts, last_error = COALESCE(@error, last_error), " +
            "lease_owner = NULL, lease_until = NULL, updated_at = @now " +
            "WHERE tenant_id = @tenant AND id = @id AND status = 'Pending' AND lease_owner = @owner;");
        command.Parameters.AddWithValue("@id", outcome.JobId);
        command.Parameters.AddWithValue("@owner", outcome.LeaseOwner);
        command.Parameters.AddWithValue("@status", outcome.Status.ToString());
        command.Parameters.AddWithValue("@next", outcome.NextDueAt is { } next ? SqliteValues.ToTicks(next) : DBNull.Value);
        command.Parameters.AddWithValue("@attempts", outcome.Attempts);
        command.Parameters.AddWithValue("@error", SqliteValues.OrNull(outcome.Error));
        command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(outcome.Now));
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
            command.Parameters.AddWithValue("@kind", kind);
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddWithValue("@status", status.ToString());
        }

        if (query.Page.ContinuationToken is { } token)
        {
            var (key, id) = KeysetToken.Decode(token, ListPageKind);
            sql.Append(" AND (due_at, id) > (@afterKey, @afterId)");
            command.Parameters.AddWithValue("@afterKey", key);
            command.Parameters.AddWithValue("@afterId", id);
        }

        sql.Append(" ORDER BY due_at, id LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("@limit", query.Page.Size + 1);
        var items = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        string? next = null;
        if (items.Count > query.Page.Size)
        {
            items.RemoveAt(query.Page.Size);
            next = KeysetToken.Encode(ListPageKind, items[^1].DueAt.UtcTicks, items[^1].Id);
        }

        return new Page<ScheduledJob>(items, next);
    }

    private SqliteCommand Command(string sql)
    {
        var command = session.CreateCommand(sql);
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        return command;
    }

    private static async Task<List<ScheduledJob>> ReadJobsAsync(SqliteCommand command, CancellationToken cancellationToken)
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
