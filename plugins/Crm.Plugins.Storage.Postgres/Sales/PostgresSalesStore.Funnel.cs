using Crm.Engine.Sales;
using Npgsql;
using NpgsqlTypes;

namespace Crm.Plugins.Storage.Postgres.Sales;

/// <summary>The deal funnel of the leads captured in a period, in one statement (the twin of the SQLite statement).</summary>
internal sealed partial class PostgresSalesStore
{
    // Lead dates live only in the jsonb document (ISO 8601 with offset), cast to timestamptz (microseconds: a capture
    // time within 1 µs of a bound may land on either side). One pass over the tenant's leads; won is one probe of
    // ix_sales_deals_customer per converted lead, through the customer (the lead's id).
    private const string LeadFunnelSql = """
        SELECT COUNT(*),
               COUNT(*) FILTER (WHERE l.doc->>'qualifiedAt' IS NOT NULL OR l.doc->>'convertedAt' IS NOT NULL),
               COUNT(*) FILTER (WHERE l.doc->>'convertedAt' IS NOT NULL),
               COUNT(*) FILTER (WHERE l.doc->>'convertedAt' IS NOT NULL AND EXISTS (
                   SELECT 1 FROM sales_deals d WHERE d.tenant_id = l.tenant_id AND d.customer_id = l.id AND d.status = 'Won'))
        FROM sales_leads l
        WHERE l.tenant_id = @tenant
          AND (l.doc->>'createdAt')::timestamptz >= @from
          AND (l.doc->>'createdAt')::timestamptz < @to;
        """;

    public async Task<LeadFunnelCounts> CountLeadFunnelAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        using var command = Command(LeadFunnelSql);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = start.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = endExclusive.ToUniversalTime() });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new LeadFunnelCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
    }
}
