using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Postgres.Serialization;
using Crm.Plugins.Storage.Postgres.Workflows;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres;

public sealed partial class PostgresStorageProvider
{
    // FOR UPDATE SKIP LOCKED lets schedulers on several machines claim at once without waiting for each other: a row
    // another claimer has locked is skipped, and a row it already leased and committed is re-checked against the lease
    // condition on the newest row version (READ COMMITTED), so no timer is leased twice while its lease runs.
    private const string ClaimSql =
        "WITH due AS (SELECT tenant_id, id FROM workflow_timers " +
        "WHERE (due_at, due_at_tick) <= (@now, @now_tick) AND (lease_until IS NULL OR (lease_until, lease_until_tick) <= (@now, @now_tick)) " +
        "ORDER BY due_at, due_at_tick LIMIT @max FOR UPDATE SKIP LOCKED) " +
        "UPDATE workflow_timers t SET lease_owner = @owner, lease_until = @until, lease_until_tick = @until_tick " +
        "FROM due WHERE t.tenant_id = due.tenant_id AND t.id = due.id " +
        "RETURNING t.id, t.tenant_id, t.instance_id, t.trigger_name, t.state, t.due_at, t.due_at_tick, t.created_at, t.created_at_tick;";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedWorkflowTimer>> ClaimDueWorkflowTimersAsync(WorkflowTimerClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrEmpty(claim.LeaseOwner);
        ArgumentOutOfRangeException.ThrowIfLessThan(claim.MaxCount, 1);
        var until = claim.Now + claim.LeaseDuration;
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(ClaimSql, connection);
            command.Parameters.AddInstant("now", claim.Now);
            command.Parameters.AddInteger("max", claim.MaxCount);
            command.Parameters.AddText("owner", claim.LeaseOwner);
            command.Parameters.AddInstant("until", until);
            var claimed = new List<ClaimedWorkflowTimer>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var timer = WorkflowRows.ReadTimer(reader);
                    claimed.Add(new ClaimedWorkflowTimer(timer.TenantId, timer, until));
                }
            }

            // RETURNING yields rows in no promised order.
            claimed.Sort((a, b) => a.Timer.DueAt.CompareTo(b.Timer.DueAt));
            return claimed;
        }
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetNextWorkflowTimerDueAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("SELECT due_at, due_at_tick FROM workflow_timers ORDER BY due_at, due_at_tick LIMIT 1;", connection);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInstant(0, 1) : null;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetWorkflowTenantsAsync(string workflowId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("SELECT DISTINCT tenant_id FROM workflow_instances WHERE workflow_id = @workflow ORDER BY tenant_id;", connection);
            command.Parameters.AddText("workflow", workflowId);
            var tenants = new List<string>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tenants.Add(reader.GetString(0));
                }
            }

            return tenants;
        }
    }
}
