using Crm.Engine.Scheduling;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Leasing;
using Crm.Plugins.Storage.Sqlite.Scheduling;

namespace Crm.Plugins.Storage.Sqlite;

public sealed partial class SqliteStorageProvider
{
    // Atomic for the same reason as ClaimOutboxSql; served by the partial index ix_scheduled_jobs_due.
    internal const string ClaimJobsSql =
        "UPDATE scheduled_jobs SET lease_owner = @owner, lease_until = @until WHERE rowid IN (" +
        "SELECT rowid FROM scheduled_jobs WHERE status = 'Pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now) " +
        "ORDER BY due_at LIMIT @max) " +
        $"RETURNING {JobRows.Columns};";

    internal const string NextJobDueSql =
        "SELECT MIN(t) FROM (" +
        "SELECT MIN(due_at) AS t FROM scheduled_jobs WHERE status = 'Pending' AND lease_until IS NULL " +
        "UNION ALL SELECT MIN(MAX(due_at, lease_until)) FROM scheduled_jobs WHERE status = 'Pending' AND lease_until IS NOT NULL);";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedScheduledJob>> ClaimDueJobsAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        var until = LeaseClaims.Validate(claim);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ClaimJobsSql;
            BindClaim(command, claim, until);
            var claimed = new List<ClaimedScheduledJob>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    claimed.Add(new ClaimedScheduledJob(JobRows.Read(reader), until));
                }
            }

            // RETURNING yields rows in no promised order.
            claimed.Sort((a, b) => a.Job.DueAt.CompareTo(b.Job.DueAt));
            return claimed;
        }
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextJobDueAsync(CancellationToken cancellationToken) => ReadInstantAsync(NextJobDueSql, cancellationToken);
}
