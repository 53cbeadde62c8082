using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Postgres.Scheduling;

namespace Crm.Plugins.Storage.Postgres;

public sealed partial class PostgresStorageProvider
{
    // Atomic and non-blocking for the same reasons as ClaimOutboxSql; served by the partial index ix_scheduled_jobs_due.
    internal const string ClaimJobsSql =
        "WITH due AS (SELECT tenant_id AS due_tenant, id AS due_id FROM scheduled_jobs " +
        "WHERE status = 'Pending' AND (due_at, due_at_tick) <= (@now, @now_tick) " +
        "AND (lease_until IS NULL OR (lease_until, lease_until_tick) <= (@now, @now_tick)) " +
        "ORDER BY due_at, due_at_tick LIMIT @max FOR UPDATE SKIP LOCKED) " +
        "UPDATE scheduled_jobs SET lease_owner = @owner, lease_until = @until, lease_until_tick = @until_tick " +
        "FROM due WHERE tenant_id = due_tenant AND id = due_id " +
        $"RETURNING {JobRows.Columns};";

    internal const string NextJobDueSql =
        "SELECT t, tick FROM (" +
        "(SELECT due_at AS t, due_at_tick AS tick FROM scheduled_jobs WHERE status = 'Pending' AND lease_until IS NULL ORDER BY due_at, due_at_tick LIMIT 1) " +
        "UNION ALL " +
        "(SELECT CASE WHEN later THEN due_at ELSE lease_until END, CASE WHEN later THEN due_at_tick ELSE lease_until_tick END " +
        "FROM (SELECT due_at, due_at_tick, lease_until, lease_until_tick, (due_at, due_at_tick) >= (lease_until, lease_until_tick) AS later " +
        "FROM scheduled_jobs WHERE status = 'Pending' AND lease_until IS NOT NULL) leased)" +
        ") due ORDER BY t, tick LIMIT 1;";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedScheduledJob>> ClaimDueJobsAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var until = LeaseClaims.Validate(claim);
        var claimed = await ClaimAsync(ClaimJobsSql, claim, until, JobRows.Read, cancellationToken).ConfigureAwait(false);
        var result = claimed.ConvertAll(j => new ClaimedScheduledJob(j, until));

        // RETURNING yields rows in no promised order.
        result.Sort((a, b) => a.Job.DueAt.CompareTo(b.Job.DueAt));
        return result;
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextJobDueAsync(CancellationToken cancellationToken) => ReadInstantAsync(NextJobDueSql, cancellationToken);
}
