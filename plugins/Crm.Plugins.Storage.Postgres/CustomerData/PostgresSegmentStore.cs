using Crm.Engine.Storage;
using Crm.Plugins.Storage.Postgres.Serialization;
using Npgsql;

using Crm.Plugins.Storage.Querying;

namespace Crm.Plugins.Storage.Postgres.CustomerData;

/// <summary>Stores saved segments, evaluates segment conditions in SQL and computes RFM scores with window functions.</summary>
internal sealed class PostgresSegmentStore(PostgresStorageSession session) : ISegmentStore
{
    /// <summary>
    /// Scores every buyer in one statement and counts the segments from what it inserted: per-customer aggregates,
    /// then each score is the quintile of the percent rank (ties share the lower score: 1 + floor(percent_rank × 5),
    /// capped at 5, exactly as the SQLite provider), then the named segment. Recency orders by the full 100 ns
    /// precision of the last purchase, as an exact numeric of ticks since the epoch.
    /// </summary>
    internal static readonly string RfmSql =
        "WITH scored AS (INSERT INTO customer_rfm (tenant_id, customer_id, recency, frequency, monetary, segment, computed_at, computed_at_tick) " +
        "SELECT @tenant, customer_id, r, f, m, " + RfmSegmentSql.Case + ", @asOf, @asOf_tick FROM (" +
        "SELECT customer_id, " +
        "LEAST(5, 1 + floor(percent_rank() OVER (ORDER BY last_at) * 5))::integer AS r, " +
        "LEAST(5, 1 + floor(percent_rank() OVER (ORDER BY orders) * 5))::integer AS f, " +
        "LEAST(5, 1 + floor(percent_rank() OVER (ORDER BY spent) * 5))::integer AS m " +
        "FROM (SELECT customer_id, MAX(EXTRACT(EPOCH FROM purchased_at) * 10000000 + purchased_at_tick) AS last_at, COUNT(*) AS orders, SUM(total) AS spent " +
        "FROM purchases WHERE tenant_id = @tenant AND (purchased_at, purchased_at_tick) <= (@asOf, @asOf_tick) GROUP BY customer_id) buyers) scores " +
        "RETURNING segment) " +
        "SELECT segment, COUNT(*) FROM scored GROUP BY segment;";

    private const string SegmentColumns = "name, condition, description, created_at, created_at_tick, updated_at, updated_at_tick";

    private readonly PostgresSegmentCustomerRepository _customers = new(session);

    public async Task UpsertAsync(SegmentDefinition segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segment);
        using var command = session.CreateCommand(
            $"INSERT INTO segments (tenant_id, {SegmentColumns}) VALUES (@tenant, @name, @condition, @description, @created, @created_tick, @updated, @updated_tick) " +
            "ON CONFLICT (tenant_id, name) DO UPDATE SET condition = excluded.condition, description = excluded.description, " +
            "updated_at = excluded.updated_at, updated_at_tick = excluded.updated_at_tick;");
        var parameters = command.Parameters;
        parameters.AddText("tenant", session.TenantId);
        parameters.AddText("name", segment.Name);
        parameters.AddText("condition", segment.ConditionJson);
        parameters.AddText("description", segment.Description);
        parameters.AddInstant("created", segment.CreatedAt);
        parameters.AddInstant("updated", segment.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SegmentDefinition?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var list = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<SegmentDefinition>> ListAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var command = session.CreateCommand("DELETE FROM segments WHERE tenant_id = @tenant AND name = @name;");
        command.Parameters.AddText("tenant", session.TenantId);
        command.Parameters.AddText("name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public Task<long> CountAsync(StorageQuery query, CancellationToken cancellationToken) => _customers.CountAsync(query, cancellationToken);

    public Task<Page<Customer>> QueryAsync(StorageQuery query, CancellationToken cancellationToken) => _customers.QueryAsync(query, cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> ComputeRfmAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var scope = await session.BeginWriteAsync(severalStatements: true, cancellationToken).ConfigureAwait(false);
        await using (scope.ConfigureAwait(false))
        {
            using var batch = session.CreateBatch();
            var delete = new NpgsqlBatchCommand("DELETE FROM customer_rfm WHERE tenant_id = @tenant;");
            delete.Parameters.AddText("tenant", session.TenantId);
            var insert = new NpgsqlBatchCommand(RfmSql);
            insert.Parameters.AddText("tenant", session.TenantId);
            insert.Parameters.AddInstant("asOf", asOf);
            batch.BatchCommands.Add(delete);
            batch.BatchCommands.Add(insert);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            await scope.CommitAsync().ConfigureAwait(false);
        }

        return result;
    }

    public async Task<RfmScore?> GetRfmAsync(Guid customerId, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "SELECT recency, frequency, monetary, segment, computed_at, computed_at_tick FROM customer_rfm WHERE tenant_id = @tenant AND customer_id = @id;");
        command.Parameters.AddText("tenant", session.TenantId);
        command.Parameters.AddUuid("id", customerId);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new RfmScore(customerId, reader.GetInt16(0), reader.GetInt16(1), reader.GetInt16(2), reader.GetString(3), reader.GetInstant(4, 5))
                : null;
        }
    }

    private async Task<IReadOnlyList<SegmentDefinition>> ReadAsync(string? name, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            $"SELECT {SegmentColumns} FROM segments WHERE tenant_id = @tenant{(name is null ? "" : " AND name = @name")} ORDER BY name;");
        command.Parameters.AddText("tenant", session.TenantId);
        if (name is not null)
        {
            command.Parameters.AddText("name", name);
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
                    CreatedAt = reader.GetInstant(3, 4),
                    UpdatedAt = reader.GetInstant(5, 6),
                });
            }
        }

        return result;
    }
}
