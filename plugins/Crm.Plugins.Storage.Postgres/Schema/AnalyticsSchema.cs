namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 19: acquisition cost inputs of the analytics KPIs (step 10 on SQLite).</summary>
internal static class AnalyticsSchema
{
    public const int Version = 19;

    public const string Name = "analytics acquisition costs, covering index of purchase amounts by time";

    // Amounts are numeric (exact) like purchase totals. Costs are few (one per channel and month, say).
    //
    // Revenue per bucket and order totals read time, currency, amount and buyer of every purchase in a period: the
    // covering index lets them run as index-only scans instead of one heap read per purchase found through
    // ix_purchases_purchased. One more index entry per purchase written; on an existing database the CREATE INDEX
    // blocks writes to purchases while it builds (seconds per million purchases).
    public const string Sql = """
        CREATE TABLE acquisition_costs (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            channel text COLLATE "C" NOT NULL,
            campaign_id uuid,
            incurred_at timestamptz NOT NULL,
            incurred_at_tick smallint NOT NULL,
            amount numeric NOT NULL,
            currency text COLLATE "C" NOT NULL,
            note text,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_acquisition_costs_incurred ON acquisition_costs (tenant_id, incurred_at, incurred_at_tick, id);

        CREATE INDEX ix_purchases_amounts ON purchases (tenant_id, purchased_at, purchased_at_tick) INCLUDE (currency, total, customer_id);
        """;
}
