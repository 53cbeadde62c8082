using Crm.Engine.Storage;
using Crm.Engine.Workflows;
using Crm.Plugins.Storage.Sqlite.Serialization;
using Crm.Plugins.Storage.Sqlite.Workflows;

namespace Crm.Plugins.Storage.Sqlite;

public sealed partial class SqliteStorageProvider
{
    // One statement, so SQLite's write lock makes the claim atomic: two engines on one file never lease one timer twice.
    private const string ClaimSql =
        "UPDATE workflow_timers SET lease_owner = @owner, lease_until = @until WHERE rowid IN (" +
        "SELECT rowid FROM workflow_timers WHERE due_at <= @now AND (lease_until IS NULL OR lease_until <= @now) ORDER BY due_at LIMIT @max) " +
        "RETURNING id, tenant_id, instance_id, trigger_name, state, due_at, created_at;";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedWorkflowTimer>> ClaimDueWorkflowTimersAsync(WorkflowTimerClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrEmpty(claim.LeaseOwner);
        ArgumentOutOfRangeException.ThrowIfLessThan(claim.MaxCount, 1);
        var until = claim.Now + claim.LeaseDuration;
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ClaimSql;
            command.Parameters.AddWithValue("@owner", claim.LeaseOwner);
            command.Parameters.AddWithValue("@until", SqliteValues.ToTicks(until));
            command.Parameters.AddWithValue("@now", SqliteValues.ToTicks(claim.Now));
            command.Parameters.AddWithValue("@max", claim.MaxCount);
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
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT MIN(due_at) FROM workflow_timers;";
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks ? SqliteValues.FromTicks(ticks) : null;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetWorkflowTenantsAsync(string workflowId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT tenant_id FROM workflow_instances WHERE workflow_id = @workflow ORDER BY tenant_id;";
            command.Parameters.AddWithValue("@workflow", workflowId);
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
