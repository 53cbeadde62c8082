namespace Crm.Plugins.Storage.Sqlite.Schema;

/// <summary>
/// Holds schema step 23: daily rollups of interactions and purchases and each customer's first purchase and first
/// touch, kept exact by triggers and backfilled from the existing rows, so the analytics report counts interactions and
/// sums revenue per bucket from a few thousand rows and counts new customers per channel from one index range.
/// </summary>
internal static class AnalyticsRollupsSchema
{
    public const int Version = 23;

    public const string Name = "analytics daily rollups of interactions and purchases, customers' first purchase and touch, maintained by triggers";

    /// <summary>.NET ticks per day: a UTC ticks timestamp divided by it is the UTC day number (day 0 is 0001-01-01).</summary>
    public const long TicksPerDay = 864_000_000_000;

    // Triggers rather than store code: every write path (single and bulk insert, CSV import, merge re-pointing, erasure,
    // deletes, and any future one) changes the rollups in the statement that changes the row, inside its transaction.
    // Rows whose count drops to 0 stay (a zero row changes no sum); the readers skip them. Merges do not touch these
    // rollups: neither is keyed by customer, and the UPDATE triggers fire only on the columns they aggregate.
    // The purchase rollup keeps SUM(total) in the same scaled INTEGER as purchases.total, so sums stay exact.
    // analytics_customer_firsts is keyed by customer (merges re-point rows, so its triggers also fire on customer_id): an
    // insert can only move a first earlier (an upsert with a WHERE that skips the write otherwise); a delete or update of
    // the row that was first recomputes it with one seek into ix_purchases_customer or ix_interactions_first_touch.
    // Nothing here reads or writes the customers table.
    public const string Sql = """
        CREATE TABLE analytics_interaction_days (
            tenant_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            channel TEXT NOT NULL,
            direction TEXT NOT NULL,
            interactions INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, day, channel, direction)
        ) WITHOUT ROWID;

        CREATE TABLE analytics_purchase_days (
            tenant_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            currency TEXT NOT NULL,
            orders INTEGER NOT NULL,
            revenue INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, day, currency)
        ) WITHOUT ROWID;

        INSERT INTO analytics_interaction_days (tenant_id, day, channel, direction, interactions)
            SELECT tenant_id, occurred_at / 864000000000, channel, direction, COUNT(*) FROM interactions
            GROUP BY tenant_id, occurred_at / 864000000000, channel, direction;

        INSERT INTO analytics_purchase_days (tenant_id, day, currency, orders, revenue)
            SELECT tenant_id, purchased_at / 864000000000, currency, COUNT(*), SUM(total) FROM purchases
            GROUP BY tenant_id, purchased_at / 864000000000, currency;

        CREATE TABLE analytics_customer_firsts (
            tenant_id TEXT NOT NULL,
            customer_id BLOB NOT NULL,
            first_purchase_at INTEGER,
            first_touch_at INTEGER,
            first_touch_id BLOB,
            first_touch_channel TEXT,
            PRIMARY KEY (tenant_id, customer_id)
        ) WITHOUT ROWID;

        INSERT INTO analytics_customer_firsts (tenant_id, customer_id, first_purchase_at)
            SELECT tenant_id, customer_id, MIN(purchased_at) FROM purchases INDEXED BY ix_purchases_customer GROUP BY tenant_id, customer_id;

        INSERT INTO analytics_customer_firsts (tenant_id, customer_id, first_touch_at, first_touch_id, first_touch_channel)
            SELECT tenant_id, customer_id, occurred_at, id, channel FROM (
                SELECT tenant_id, customer_id, occurred_at, id, channel,
                    ROW_NUMBER() OVER (PARTITION BY tenant_id, customer_id ORDER BY occurred_at, id) AS n
                FROM interactions INDEXED BY ix_interactions_first_touch) WHERE n = 1
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET first_touch_at = excluded.first_touch_at,
                first_touch_id = excluded.first_touch_id, first_touch_channel = excluded.first_touch_channel;

        CREATE INDEX ix_analytics_customer_firsts_acquired ON analytics_customer_firsts (tenant_id, first_purchase_at, first_touch_channel);

        CREATE TRIGGER tr_analytics_firsts_purchase_insert AFTER INSERT ON purchases
        BEGIN
            INSERT INTO analytics_customer_firsts (tenant_id, customer_id, first_purchase_at) VALUES (new.tenant_id, new.customer_id, new.purchased_at)
                ON CONFLICT (tenant_id, customer_id) DO UPDATE SET first_purchase_at = excluded.first_purchase_at
                WHERE first_purchase_at IS NULL OR excluded.first_purchase_at < first_purchase_at;
        END;

        CREATE TRIGGER tr_analytics_firsts_purchase_delete AFTER DELETE ON purchases
        BEGIN
            UPDATE analytics_customer_firsts SET first_purchase_at =
                (SELECT MIN(purchased_at) FROM purchases WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id)
                WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id AND first_purchase_at = old.purchased_at;
        END;

        CREATE TRIGGER tr_analytics_firsts_purchase_update AFTER UPDATE OF tenant_id, customer_id, purchased_at ON purchases
        WHEN old.tenant_id IS NOT new.tenant_id OR old.customer_id IS NOT new.customer_id OR old.purchased_at IS NOT new.purchased_at
        BEGIN
            UPDATE analytics_customer_firsts SET first_purchase_at =
                (SELECT MIN(purchased_at) FROM purchases WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id)
                WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id AND first_purchase_at = old.purchased_at;
            INSERT INTO analytics_customer_firsts (tenant_id, customer_id, first_purchase_at) VALUES (new.tenant_id, new.customer_id, new.purchased_at)
                ON CONFLICT (tenant_id, customer_id) DO UPDATE SET first_purchase_at = excluded.first_purchase_at
                WHERE first_purchase_at IS NULL OR excluded.first_purchase_at < first_purchase_at;
        END;

        CREATE TRIGGER tr_analytics_firsts_interaction_insert AFTER INSERT ON interactions
        BEGIN
            INSERT INTO analytics_customer_firsts (tenant_id, customer_id, first_touch_at, first_touch_id, first_touch_channel)
                VALUES (new.tenant_id, new.customer_id, new.occurred_at, new.id, new.channel)
                ON CONFLICT (tenant_id, customer_id) DO UPDATE SET first_touch_at = excluded.first_touch_at,
                    first_touch_id = excluded.first_touch_id, first_touch_channel = excluded.first_touch_channel
                WHERE first_touch_at IS NULL OR excluded.first_touch_at < first_touch_at
                    OR (excluded.first_touch_at = first_touch_at AND excluded.first_touch_id < first_touch_id);
        END;

        CREATE TRIGGER tr_analytics_firsts_interaction_delete AFTER DELETE ON interactions
        BEGIN
            UPDATE analytics_customer_firsts SET (first_touch_at, first_touch_id, first_touch_channel) =
                (SELECT occurred_at, id, channel FROM interactions WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id ORDER BY occurred_at, id LIMIT 1)
                WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id AND first_touch_id = old.id;
        END;

        CREATE TRIGGER tr_analytics_firsts_interaction_update AFTER UPDATE OF tenant_id, customer_id, occurred_at, channel, id ON interactions
        WHEN old.tenant_id IS NOT new.tenant_id OR old.customer_id IS NOT new.customer_id OR old.occurred_at IS NOT new.occurred_at
            OR old.channel IS NOT new.channel OR old.id IS NOT new.id
        BEGIN
            UPDATE analytics_customer_firsts SET (first_touch_at, first_touch_id, first_touch_channel) =
                (SELECT occurred_at, id, channel FROM interactions WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id ORDER BY occurred_at, id LIMIT 1)
                WHERE tenant_id = old.tenant_id AND customer_id = old.customer_id AND first_touch_id = old.id;
            INSERT INTO analytics_customer_firsts (tenant_id, customer_id, first_touch_at, first_touch_id, first_touch_channel)
                VALUES (new.tenant_id, new.customer_id, new.occurred_at, new.id, new.channel)
                ON CONFLICT (tenant_id, customer_id) DO UPDATE SET first_touch_at = excluded.first_touch_at,
                    first_touch_id = excluded.first_touch_id, first_touch_channel = excluded.first_touch_channel
                WHERE first_touch_at IS NULL OR excluded.first_touch_at < first_touch_at
                    OR (excluded.first_touch_at = first_touch_at AND excluded.first_touch_id < first_touch_id);
        END;

        CREATE TRIGGER tr_analytics_interactions_insert AFTER INSERT ON interactions
        BEGIN
            INSERT INTO analytics_interaction_days (tenant_id, day, channel, direction, interactions)
                VALUES (new.tenant_id, new.occurred_at / 864000000000, new.channel, new.direction, 1)
                ON CONFLICT (tenant_id, day, channel, direction) DO UPDATE SET interactions = interactions + 1;
        END;

        CREATE TRIGGER tr_analytics_interactions_delete AFTER DELETE ON interactions
        BEGIN
            UPDATE analytics_interaction_days SET interactions = interactions - 1
                WHERE tenant_id = old.tenant_id AND day = old.occurred_at / 864000000000 AND channel = old.channel AND direction = old.direction;
        END;

        CREATE TRIGGER tr_analytics_interactions_update AFTER UPDATE OF tenant_id, occurred_at, channel, direction ON interactions
        WHEN old.tenant_id IS NOT new.tenant_id OR old.occurred_at / 864000000000 IS NOT new.occurred_at / 864000000000
            OR old.channel IS NOT new.channel OR old.direction IS NOT new.direction
        BEGIN
            UPDATE analytics_interaction_days SET interactions = interactions - 1
                WHERE tenant_id = old.tenant_id AND day = old.occurred_at / 864000000000 AND channel = old.channel AND direction = old.direction;
            INSERT INTO analytics_interaction_days (tenant_id, day, channel, direction, interactions)
                VALUES (new.tenant_id, new.occurred_at / 864000000000, new.channel, new.direction, 1)
                ON CONFLICT (tenant_id, day, channel, direction) DO UPDATE SET interactions = interactions + 1;
        END;

        CREATE TRIGGER tr_analytics_purchases_insert AFTER INSERT ON purchases
        BEGIN
            INSERT INTO analytics_purchase_days (tenant_id, day, currency, orders, revenue)
                VALUES (new.tenant_id, new.purchased_at / 864000000000, new.currency, 1, new.total)
                ON CONFLICT (tenant_id, day, currency) DO UPDATE SET orders = orders + 1, revenue = revenue + excluded.revenue;
        END;

        CREATE TRIGGER tr_analytics_purchases_delete AFTER DELETE ON purchases
        BEGIN
            UPDATE analytics_purchase_days SET orders = orders - 1, revenue = revenue - old.total
                WHERE tenant_id = old.tenant_id AND day = old.purchased_at / 864000000000 AND currency = old.currency;
        END;

        CREATE TRIGGER tr_analytics_purchases_update AFTER UPDATE OF tenant_id, purchased_at, currency, total ON purchases
        WHEN old.tenant_id IS NOT new.tenant_id OR old.purchased_at / 864000000000 IS NOT new.purchased_at / 864000000000
            OR old.currency IS NOT new.currency OR old.total IS NOT new.total
        BEGIN
            UPDATE analytics_purchase_days SET orders = orders - 1, revenue = revenue - old.total
                WHERE tenant_id = old.tenant_id AND day = old.purchased_at / 864000000000 AND currency = old.currency;
            INSERT INTO analytics_purchase_days (tenant_id, day, currency, orders, revenue)
                VALUES (new.tenant_id, new.purchased_at / 864000000000, new.currency, 1, new.total)
                ON CONFLICT (tenant_id, day, currency) DO UPDATE SET orders = orders + 1, revenue = revenue + excluded.revenue;
        END;
        """;
}
