namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>Holds schema step 5: leads, pipelines, deals and their stage history, quotes, orders.</summary>
internal static class SalesSchema
{
    public const int Version = 5;

    public const string Name = "sales: leads, pipelines, deals, stage history, quotes, orders";

    // Each record is a JSON document (doc) plus the columns SQL filters, orders and sums by. Amounts are INTEGER
    // scaled by 10^4 like purchases; probabilities INTEGER percent scaled by 10^2; dates yyyy-MM-dd text; instants ticks.
    public const string Sql = """
        CREATE TABLE sales_leads (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            score INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_sales_leads_score ON sales_leads (tenant_id, score DESC, id);

        CREATE TABLE sales_pipelines (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );

        CREATE TABLE sales_deals (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            customer_id BLOB NOT NULL,
            pipeline_id BLOB NOT NULL,
            stage_id TEXT NOT NULL,
            status TEXT NOT NULL,
            probability INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            currency TEXT NOT NULL,
            owner_id TEXT,
            expected_close TEXT,
            created_at INTEGER NOT NULL,
            closed_at INTEGER,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        -- The forecast reads open deals by close date; the KPIs read closed deals by close time.
        CREATE INDEX ix_sales_deals_forecast ON sales_deals (tenant_id, pipeline_id, currency, status, expected_close);
        CREATE INDEX ix_sales_deals_closed ON sales_deals (tenant_id, pipeline_id, currency, status, closed_at);
        CREATE INDEX ix_sales_deals_customer ON sales_deals (tenant_id, customer_id);
        CREATE INDEX ix_sales_deals_created ON sales_deals (tenant_id, created_at, id);

        CREATE TABLE sales_deal_stages (
            tenant_id TEXT NOT NULL,
            deal_id BLOB NOT NULL,
            seq INTEGER NOT NULL,
            from_stage TEXT,
            to_stage TEXT NOT NULL,
            to_position INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            actor TEXT,
            PRIMARY KEY (tenant_id, deal_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE sales_quotes (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            customer_id BLOB NOT NULL,
            status TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_sales_quotes_customer ON sales_quotes (tenant_id, customer_id);

        CREATE TABLE sales_orders (
            tenant_id TEXT NOT NULL,
            id BLOB NOT NULL,
            version INTEGER NOT NULL,
            quote_id BLOB NOT NULL,
            customer_id BLOB NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        -- One order per quote, whatever the application does.
        CREATE UNIQUE INDEX ux_sales_orders_quote ON sales_orders (tenant_id, quote_id);
        """;
}
