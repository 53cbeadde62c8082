using System.Text;
using Crm.Engine.Storage;
using Crm.Plugins.Storage.Querying;
using Crm.Plugins.Storage.Sqlite.Serialization;

namespace Crm.Plugins.Storage.Sqlite.CustomerData;

/// <summary>Stores saved segments, evaluates segment conditions in SQL and computes RFM scores with window functions.</summary>
internal sealed class SqliteSegmentStore(SqliteStorageSession session) : ISegmentStore
{
    private readonly SqliteSegmentCustomerRepository _customers = new(session);

    /// <summary>
    /// Scores every buyer in one statement: per-customer aggregates, then each score is the quintile of the percent
    /// rank (ties share the lower score: 1 + floor(percent_rank × 5), capped at 5), then the named segment.
    /// </summary>
    private static readonly string RfmSql = new StringBuilder()
        .Append("INSERT INTO customer_rfm (tenant_id, customer_id, recency, frequency, monetary, segment, computed_at) ")
        .Append("SELECT @tenant, customer_id, r, f, m, ").Append(RfmSegmentSql.Case).Append(", @asOf FROM (")
        .Append("SELECT customer_id, ")
        .Append("MIN(5, 1 + CAST(PERCENT_RANK() OVER (ORDER BY last_at) * 5 AS INTEGER)) AS r, ")
        .Append("MIN(5, 1 + CAST(PERCENT_RANK() OVER (ORDER BY orders) * 5 AS INTEGER)) AS f, ")
        .Append("MIN(5, 1 + CAST(PERCENT_RANK() OVER (ORDER BY spent) * 5 AS INTEGER)) AS m ")
        .Append("FROM (SELECT customer_id, MAX(purchased_at) AS last_at, COUNT(*) AS orders, SUM(total) AS spent FROM purchases ")
        .Append("WHERE tenant_id = @tenant AND purchased_at <= @asOf GROUP BY customer_id));")
        .ToString();

    public async Task UpsertAsync(SegmentDefinition segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        using var command = session.CreateCommand(
            "INSERT INTO segments (tenant_id, name, condition, description, created_at, updated_at) VALUES (@tenant, @name, @condition, @description, @created, @updated) " +
            "ON CONFLICT (tenant_id, name) DO UPDATE SET condition = excluded.condition, description = excluded.description, updated_at = excluded.updated_at;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@name", segment.Name);
        command.Parameters.AddWithValue("@condition", segment.ConditionJson);
        command.Parameters.AddWithValue("@description", SqliteValues.OrNull(segment.Description));
        command.Parameters.AddWithValue("@created", segment.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("@updated", segment.UpdatedAt.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SegmentDefinition?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var list = await ReadAsync("AND name = @name", name, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<SegmentDefinition>> ListAsync(CancellationToken cancellationToken) => ReadAsync("", null, cancellationToken);

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("DELETE FROM segments WHERE tenant_id = @tenant AND name = @name;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public Task<long> CountAsync(StorageQuery query, CancellationToken cancellationToken) => _customers.CountAsync(query, cancellationToken);

    public Task<Page<Customer>> QueryAsync(StorageQuery query, CancellationToken cancellationToken) => _customers.QueryAsync(query, cancellationToken);

    public async Task<SegmentEvaluation> EvaluateAsync(StorageQuery query, CancellationToken cancellationToken)
    {
        var (count, page) = await _customers.QueryWithCountAsync(query, cancellationToken).ConfigureAwait(false);
        return new SegmentEvaluation(count, page);
    }

    public async Task<IReadOnlyDictionary<string, long>> ComputeRfmAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        using (var scope = session.BeginWrite())
        {
            using (var delete = session.CreateCommand("DELETE FROM customer_rfm WHERE tenant_id = @tenant;"))
            {
                delete.Parameters.AddWithValue("@tenant", session.TenantId);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var insert = session.CreateCommand(RfmSql))
            {
                insert.Parameters.AddWithValue("@tenant", session.TenantId);
                insert.Parameters.AddWithValue("@asOf", asOf.UtcTicks);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            scope.Commit();
        }

        using var count = session.CreateCommand("SELECT segment, COUNT(*) FROM customer_rfm WHERE tenant_id = @tenant GROUP BY segment;");
        count.Parameters.AddWithValue("@tenant", session.TenantId);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return result;
    }

    public async Task<RfmScore?> GetRfmAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand("SELECT recency, frequency, monetary, segment, computed_at FROM customer_rfm WHERE tenant_id = @tenant AND customer_id = @id;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        command.Parameters.AddWithValue("@id", customerId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new RfmScore(customerId, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), SqliteValues.FromTicks(reader.GetInt64(4)))
                : null;
        }
    }

    private async Task<IReadOnlyList<SegmentDefinition>> ReadAsync(string filter, string? name, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand($"SELECT name, condition, description, created_at, updated_at FROM segments WHERE tenant_id = @tenant {filter} ORDER BY name;");
        command.Parameters.AddWithValue("@tenant", session.TenantId);
        if (name is not null)
        {
            command.Parameters.AddWithValue("@name", name);
        }

        var result = new List<SegmentDefinition>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new SegmentDefinition(reader.GetString(0), reader.GetString(1))
                {
                    Description = reader.GetStringOrNull(2),
                    CreatedAt = SqliteValues.FromTicks(reader.GetInt64(3)),
                    UpdatedAt = SqliteValues.FromTicks(reader.GetInt64(4)),
                });
            }
        }

        return result;
    }
}
