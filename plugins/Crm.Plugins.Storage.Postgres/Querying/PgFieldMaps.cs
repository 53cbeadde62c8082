namespace Crm.Plugins.Storage.Postgres.Querying;

/// <summary>
/// Defines the SQL for every field and relation of <see cref="Crm.Engine.Conditions.CrmFields"/>. A field missing
/// here cannot be queried; the tests check that every catalog field is mapped.
/// </summary>
internal static class PgFieldMaps
{
    // Aggregates are correlated subqueries served by ix_purchases_customer and ix_interactions_timeline.
    private const string PurchasesOfCustomer = "FROM purchases ap WHERE ap.tenant_id = @tenant AND ap.customer_id = {0}.id";
    private const string InteractionsOfCustomer = "FROM interactions ai WHERE ai.tenant_id = @tenant AND ai.customer_id = {0}.id";

    public static PgFieldMap PurchaseLine { get; } = new(new Dictionary<string, PgField>
    {
        ["sku"] = new(PgValueType.Text, "{0}.sku", false),
        ["productName"] = new(PgValueType.Text, "{0}.product_name", false),
        ["category"] = new(PgValueType.Text, "{0}.category", true),
        ["quantity"] = new(PgValueType.Number, "{0}.quantity", false),
        ["unitPrice"] = new(PgValueType.Number, "{0}.unit_price", false),
        ["total"] = new(PgValueType.Number, "{0}.total", false),
        ["purchasedAt"] = new(PgValueType.Instant, "{0}p.purchased_at", false, "{0}p.purchased_at_tick"),
        ["currency"] = new(PgValueType.Text, "{0}p.currency", false),
    });

    public static PgFieldMap Purchase { get; } = new(new Dictionary<string, PgField>
    {
        ["orderNumber"] = new(PgValueType.Text, "{0}.order_number", true),
        ["purchasedAt"] = new(PgValueType.Instant, "{0}.purchased_at", false, "{0}.purchased_at_tick"),
        ["currency"] = new(PgValueType.Text, "{0}.currency", false),
        ["channel"] = new(PgValueType.Text, "{0}.channel", true),
        ["total"] = new(PgValueType.Number, "{0}.total", false),
        ["createdAt"] = new(PgValueType.Instant, "{0}.created_at", false, "{0}.created_at_tick"),
    });

    public static PgFieldMap Interaction { get; } = new(new Dictionary<string, PgField>
    {
        ["channel"] = new(PgValueType.Text, "{0}.channel", false),
        ["direction"] = new(PgValueType.Text, "{0}.direction", false),
        ["occurredAt"] = new(PgValueType.Instant, "{0}.occurred_at", false, "{0}.occurred_at_tick"),
        ["subject"] = new(PgValueType.Text, "{0}.subject", true),
        ["externalId"] = new(PgValueType.Text, "{0}.external_id", true),
        ["createdAt"] = new(PgValueType.Instant, "{0}.created_at", false, "{0}.created_at_tick"),
    });

    // support_cases (PostgreSQL schema step 7); enums are stored by name, instants with their 100 ns remainder.
    public static PgFieldMap Case { get; } = new(new Dictionary<string, PgField>
    {
        ["subject"] = new(PgValueType.Text, "{0}.subject", false),
        ["priority"] = new(PgValueType.Text, "{0}.priority", false),
        ["category"] = new(PgValueType.Text, "{0}.category", true),
        ["status"] = new(PgValueType.Text, "{0}.status", false),
        ["ownerId"] = new(PgValueType.Text, "{0}.owner_id", true),
        ["teamId"] = new(PgValueType.Text, "{0}.team_id", true),
        ["channel"] = new(PgValueType.Text, "{0}.channel", false),
        ["slaPolicy"] = new(PgValueType.Text, "{0}.sla_policy", true),
        ["openedAt"] = new(PgValueType.Instant, "{0}.opened_at", false, "{0}.opened_at_tick"),
        ["firstResponseAt"] = new(PgValueType.Instant, "{0}.first_response_at", true, "{0}.first_response_at_tick"),
        ["resolvedAt"] = new(PgValueType.Instant, "{0}.resolved_at", true, "{0}.resolved_at_tick"),
        ["firstResponseDueAt"] = new(PgValueType.Instant, "{0}.first_response_due_at", true, "{0}.first_response_due_at_tick"),
        ["resolutionDueAt"] = new(PgValueType.Instant, "{0}.resolution_due_at", true, "{0}.resolution_due_at_tick"),
        ["escalationLevel"] = new(PgValueType.Number, "{0}.escalation_level", false),
        ["updatedAt"] = new(PgValueType.Instant, "{0}.updated_at", false, "{0}.updated_at_tick"),
    });

    public static PgFieldMap Customer { get; } = new(
        new Dictionary<string, PgField>
        {
            ["externalId"] = new(PgValueType.Text, "{0}.external_id", true),
            ["firstName"] = new(PgValueType.Text, "{0}.first_name", false),
            ["lastName"] = new(PgValueType.Text, "{0}.last_name", false),
            ["company"] = new(PgValueType.Text, "{0}.company", true),
            // email_keys is lower-cased for lookups; conditions compare the address exactly as stored.
            ["email"] = new(PgValueType.Text, "{0}.emails[1]", true),
            ["emails"] = new(PgValueType.StringSet, "{0}.emails", false),
            ["phone"] = new(PgValueType.Text, "{0}.phones[1]", true),
            ["phones"] = new(PgValueType.StringSet, "{0}.phones", false),
            ["birthDate"] = new(PgValueType.Date, "{0}.birth_date", true),
            ["gender"] = new(PgValueType.Text, "{0}.gender", true),
            ["city"] = new(PgValueType.Text, "{0}.city", true),
            ["region"] = new(PgValueType.Text, "{0}.region", true),
            ["country"] = new(PgValueType.Text, "{0}.country", true),
            ["postalCode"] = new(PgValueType.Text, "{0}.postal_code", true),
            ["incomeBand"] = new(PgValueType.Text, "{0}.income_band", true),
            ["lifecycleStage"] = new(PgValueType.Text, "{0}.lifecycle_stage", false),
            ["ownerId"] = new(PgValueType.Text, "{0}.owner_id", true),
            ["tags"] = new(PgValueType.StringSet, "{0}.tags", false),
            ["createdAt"] = new(PgValueType.Instant, "{0}.created_at", false, "{0}.created_at_tick"),
            ["updatedAt"] = new(PgValueType.Instant, "{0}.updated_at", false, "{0}.updated_at_tick"),
            ["purchaseCount"] = new(PgValueType.Number, "(SELECT COUNT(*) " + PurchasesOfCustomer + ")", false),
            ["totalSpent"] = new(PgValueType.Number, "(SELECT COALESCE(SUM(ap.total), 0) " + PurchasesOfCustomer + ")", false),
            ["averageOrderValue"] = new(PgValueType.AverageOrderValue, PurchasesOfCustomer, true),
            // Aggregated instants compare at microsecond precision: the 100 ns remainder is not aggregated.
            ["firstPurchaseAt"] = new(PgValueType.Instant, "(SELECT MIN(ap.purchased_at) " + PurchasesOfCustomer + ")", true),
            ["lastPurchaseAt"] = new(PgValueType.Instant, "(SELECT MAX(ap.purchased_at) " + PurchasesOfCustomer + ")", true),
            ["interactionCount"] = new(PgValueType.Number, "(SELECT COUNT(*) " + InteractionsOfCustomer + ")", false),
            ["lastInteractionAt"] = new(PgValueType.Instant, "(SELECT MAX(ai.occurred_at) " + InteractionsOfCustomer + ")", true),
        },
        attributesColumn: "{0}.attributes",
        relations: new Dictionary<string, PgRelation>
        {
            ["interactions"] = new("interactions {0}", "{0}.tenant_id", "{0}.customer_id", Interaction),
            ["purchases"] = new("purchases {0}", "{0}.tenant_id", "{0}.customer_id", Purchase),
            ["purchaseLines"] = new(
                "purchase_lines {0} JOIN purchases {0}p ON {0}p.tenant_id = {0}.tenant_id AND {0}p.id = {0}.purchase_id",
                "{0}.tenant_id",
                "{0}p.customer_id",
                PurchaseLine),
            ["cases"] = new("support_cases {0}", "{0}.tenant_id", "{0}.customer_id", Case),
        });
}
