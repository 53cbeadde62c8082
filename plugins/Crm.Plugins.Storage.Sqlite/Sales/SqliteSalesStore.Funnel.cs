using Crm.Engine.Sales;

namespace Crm.Plugins.Storage.Sqlite.Sales;

/// <summary>The deal funnel of the leads captured in a period, in one statement.</summary>
internal sealed partial class SqliteSalesStore
{
    // Lead dates live only in the JSON document (ISO 8601 with offset); unixepoch(..., 'subsec') reads them as seconds
    // with milliseconds, compared with the bounds in the same unit. No index covers them: one pass over the tenant's
    // leads. Won goes through the customer (the lead's id) on ix_sales_deals_customer, since the deal id in the
    // document is text and the deals' key a blob.
    private const string LeadFunnelSql = """
        SELECT COUNT(*),
               COALESCE(SUM(json_extract(l.doc, '$.qualifiedAt') IS NOT NULL OR json_extract(l.doc, '$.convertedAt') IS NOT NULL), 0),
               COALESCE(SUM(json_extract(l.doc, '$.convertedAt') IS NOT NULL), 0),
               COALESCE(SUM(json_extract(l.doc, '$.convertedAt') IS NOT NULL AND EXISTS (
                   SELECT 1 FROM sales_deals d WHERE d.tenant_id = l.tenant_id AND d.customer_id = l.id AND d.status = 'Won')), 0)
        FROM sales_leads l
        WHERE l.tenant_id = @tenant
          AND unixepoch(json_extract(l.doc, '$.createdAt'), 'subsec') >= @from
          AND unixepoch(json_extract(l.doc, '$.createdAt'), 'subsec') < @to;
        """;

    public async Task<LeadFunnelCounts> CountLeadFunnelAsync(DateTimeOffset start, DateTimeOffset endExclusive, CancellationToken cancellationToken)
    {
        using var command = Command(LeadFunnelSql);
        command.Parameters.AddWithValue("@from", start.ToUnixTimeMilliseconds() / 1000d);
        command.Parameters.AddWithValue("@to", endExclusive.ToUnixTimeMilliseconds() / 1000d);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new LeadFunnelCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
    }
}
