namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 5: leads, pipelines, deals and their stage history, quotes, orders.</summary>
internal static class SalesSchema
{
    public const int Version = 5;

    public const string Name = "sales: leads, pipelines, deals, stage history, quotes, orders";

    // Each record is a jsonb document (doc) plus the columns SQL filters, orders and sums by. Amounts and probabilities
    // are numeric (exact). Deal instants are bigint UTC ticks (*_ticks): exact to 100 ns, and the sales cycle is a plain
    // integer difference summed in SQL.
    public const string Sql = """
        CREATE TABLE sales_leads (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            score numeric NOT NULL,
            doc jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_sales_leads_score ON sales_leads (tenant_id, score DESC, id);

        CREATE TABLE sales_pipelines (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            doc jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );

        CREATE TABLE sales_deals (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            customer_id uuid NOT NULL,
            pipeline_id uuid NOT NULL,
            stage_id text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            probability numeric NOT NULL,
            amount numeric NOT NULL,
            currency text COLLATE "C" NOT NULL,
            owner_id text COLLATE "C",
            expected_close date,
            created_ticks bigint NOT NULL,
            closed_ticks bigint,
            doc jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_sales_deals_forecast ON sales_deals (tenant_id, pipeline_id, currency, status, expected_close);
        CREATE INDEX ix_sales_deals_closed ON sales_deals (tenant_id, pipeline_id, currency, status, closed_ticks);
        CREATE INDEX ix_sales_deals_customer ON sales_deals (tenant_id, customer_id);
        CREATE INDEX ix_sales_deals_created ON sales_deals (tenant_id, created_ticks, id);

        CREATE TABLE sales_deal_stages (
            tenant_id text COLLATE "C" NOT NULL,
            deal_id uuid NOT NULL,
            seq integer NOT NULL,
            from_stage text COLLATE "C",
            to_stage text COLLATE "C" NOT NULL,
            to_position integer NOT NULL,
            changed_ticks bigint NOT NULL,
            actor text COLLATE "C",
            PRIMARY KEY (tenant_id, deal_id, seq)
        );

        CREATE TABLE sales_quotes (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            customer_id uuid NOT NULL,
            status text COLLATE "C" NOT NULL,
            doc jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX ix_sales_quotes_customer ON sales_quotes (tenant_id, customer_id);

        CREATE TABLE sales_orders (
            tenant_id text COLLATE "C" NOT NULL,
            id uuid NOT NULL,
            version bigint NOT NULL,
            quote_id uuid NOT NULL,
            customer_id uuid NOT NULL,
            doc jsonb NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE UNIQUE INDEX ux_sales_orders_quote ON sales_orders (tenant_id, quote_id);
        """;
}
