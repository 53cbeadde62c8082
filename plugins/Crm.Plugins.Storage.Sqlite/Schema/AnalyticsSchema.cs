namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 10: acquisition cost inputs of the analytics KPIs.</summary>
internal static class AnalyticsSchema
{
    public const int Version = 10;

    public const string Name = "analytics acquisition costs, covering index of purchase amounts by time";

    // Amounts are INTEGER scaled by 10^4 like purchase totals. Costs are few (one per channel and month, say); the index
    // serves the per-period sums and lists.
    public const string Sql = """
        CREATE TABLE acquisition_costs (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            channel TEXT NOT NULL,
            campaign_id BLOB,
            incurred_at INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            currency TEXT NOT NULL,
            note TEXT,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_acquisition_costs_incurred ON acquisition_costs (tenant_id, incurred_at, id);

        -- Revenue per bucket and order totals read time, currency, amount and buyer of every purchase in a period; without
        -- this covering index each purchase found through ix_purchases_purchased costs a random table read (seconds per
        -- 100,000 purchases on a cold cache). One more index entry per purchase written.
        CREATE INDEX ix_purchases_amounts ON purchases (tenant_id, purchased_at, currency, total, customer_id);
        """;
}
