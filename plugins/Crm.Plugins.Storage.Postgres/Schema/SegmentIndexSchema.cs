namespace Crm.Plugins.Storage.Postgres.Schema;

/// <summary>Holds schema step 12: a covering index for the interaction conditions of segments.</summary>
internal static class SegmentIndexSchema
{
    public const int Version = 12;

    public const string Name = "covering index for per-customer interaction conditions";

    // Segment conditions such as "has an inbound email" probe each candidate customer's interactions by channel and
    // direction. ix_interactions_timeline finds the customer's rows but must read the heap for channel/direction; with
    // them (and the instant) in the key the probe is index-only. Built inside the migration's transaction, so it locks
    // writes to interactions while it builds: on a large existing table, create it CONCURRENTLY by hand first (same
    // name) and this step becomes a no-op.
    public const string Sql = """
        CREATE INDEX IF NOT EXISTS ix_interactions_customer_channel
            ON interactions (tenant_id, customer_id, channel, direction, occurred_at, occurred_at_tick);
        """;
}
