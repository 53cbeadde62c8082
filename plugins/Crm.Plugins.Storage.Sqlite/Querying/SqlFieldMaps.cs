namespace Crm.Plugins.Storage.Sqlite.Querying;

/// <summary>
/// Defines the SQL for every field and relation of <see cref="Crm.Engine.Conditions.CrmFields"/>. A field missing
/// here cannot be queried; the tests check that every catalog field is mapped.
/// </summary>
internal static class SqlFieldMaps
{
    // Aggregates are correlated subqueries served by ix_purchases_customer and ix_interactions_timeline.
    private const string PurchasesOfCustomer = "FROM purchases ap WHERE ap.tenant_id = @tenant AND ap.customer_id = {0}.id";
    private const string InteractionsOfCustomer = "FROM interactions ai WHERE ai.tenant_id = @tenant AND ai.customer_id = {0}.id";

    public static SqlFieldMap PurchaseLine { get; } = new(new Dictionary<string, SqlField>
    {
        ["sku"] = new(SqlValueType.Text, "{0}.sku", false),
        ["productName"] = new(SqlValueType.Text, "{0}.product_name", false),
        ["category"] = new(SqlValueType.Text, "{0}.category", true),
        ["quantity"] = new(SqlValueType.Scaled, "{0}.quantity", false),
        ["unitPrice"] = new(SqlValueType.Scaled, "{0}.unit_price", false),
        ["total"] = new(SqlValueType.Scaled, "{0}.total", false),
        ["purchasedAt"] = new(SqlValueType.Ticks, "{0}p.purchased_at", false),
        ["currency"] = new(SqlValueType.Text, "{0}p.currency", false),
    });

    public static SqlFieldMap Purchase { get; } = new(new Dictionary<string, SqlField>
    {
        ["orderNumber"] = new(SqlValueType.Text, "{0}.order_number", true),
        ["purchasedAt"] = new(SqlValueType.Ticks, "{0}.purchased_at", false),
        ["currency"] = new(SqlValueType.Text, "{0}.currency", false),
        ["channel"] = new(SqlValueType.Text, "{0}.channel", true),
        ["total"] = new(SqlValueType.Scaled, "{0}.total", false),
        ["createdAt"] = new(SqlValueType.Ticks, "{0}.created_at", false),
    });

    public static SqlFieldMap Interaction { get; } = new(new Dictionary<string, SqlField>
    {
        ["channel"] = new(SqlValueType.Text, "{0}.channel", false),
        ["direction"] = new(SqlValueType.Text, "{0}.direction", false),
        ["occurredAt"] = new(SqlValueType.Ticks, "{0}.occurred_at", false),
        ["subject"] = new(SqlValueType.Text, "{0}.subject", true),
        ["externalId"] = new(SqlValueType.Text, "{0}.external_id", true),
        ["createdAt"] = new(SqlValueType.Ticks, "{0}.created_at", false),
    });

    // support_cases (SQLite schema step 7); enums are stored by name.
    public static SqlFieldMap Case { get; } = new(new Dictionary<string, SqlField>
    {
        ["subject"] = new(SqlValueType.Text, "{0}.subject", false),
        ["priority"] = new(SqlValueType.Text, "{0}.priority", false),
        ["category"] = new(SqlValueType.Text, "{0}.category", true),
        ["status"] = new(SqlValueType.Text, "{0}.status", false),
        ["ownerId"] = new(SqlValueType.Text, "{0}.owner_id", true),
        ["teamId"] = new(SqlValueType.Text, "{0}.team_id", true),
        ["channel"] = new(SqlValueType.Text, "{0}.channel", false),
        ["slaPolicy"] = new(SqlValueType.Text, "{0}.sla_policy", true),
        ["openedAt"] = new(SqlValueType.Ticks, "{0}.opened_at", false),
        ["firstResponseAt"] = new(SqlValueType.Ticks, "{0}.first_response_at", true),
        ["resolvedAt"] = new(SqlValueType.Ticks, "{0}.resolved_at", true),
        ["firstResponseDueAt"] = new(SqlValueType.Ticks, "{0}.first_response_due_at", true),
        ["resolutionDueAt"] = new(SqlValueType.Ticks, "{0}.resolution_due_at", true),
        ["escalationLevel"] = new(SqlValueType.Count, "{0}.escalation_level", false),
        ["updatedAt"] = new(SqlValueType.Ticks, "{0}.updated_at", false),
    });

    public static SqlFieldMap Customer { get; } = new(
        new Dictionary<string, SqlField>
        {
            ["externalId"] = new(SqlValueType.Text, "{0}.external_id", true),
            ["firstName"] = new(SqlValueType.Text, "{0}.first_name", false),
            ["lastName"] = new(SqlValueType.Text, "{0}.last_name", false),
            ["company"] = new(SqlValueType.Text, "{0}.company", true),
            // The email column is lower-cased for lookups; conditions compare the address exactly as stored.
            ["email"] = new(SqlValueType.Text, "json_extract({0}.emails, '$[0]')", true),
            ["emails"] = new(SqlValueType.StringSet, "{0}.emails", false),
            ["phone"] = new(SqlValueType.Text, "{0}.phone", true),
            ["phones"] = new(SqlValueType.StringSet, "{0}.phones", false),
            ["birthDate"] = new(SqlValueType.DateText, "{0}.birth_date", true),
            ["gender"] = new(SqlValueType.Text, "{0}.gender", true),
            ["city"] = new(SqlValueType.Text, "{0}.city", true),
            ["region"] = new(SqlValueType.Text, "{0}.region", true),
            ["country"] = new(SqlValueType.Text, "{0}.country", true),
            ["postalCode"] = new(SqlValueType.Text, "{0}.postal_code", true),
            ["incomeBand"] = new(SqlValueType.Text, "{0}.income_band", true),
            ["lifecycleStage"] = new(SqlValueType.Text, "{0}.lifecycle_stage", false),
            ["ownerId"] = new(SqlValueType.Text, "{0}.owner_id", true),
            ["tags"] = new(SqlValueType.StringSet, "{0}.tags", false),
            ["createdAt"] = new(SqlValueType.Ticks, "{0}.created_at", false),
            ["updatedAt"] = new(SqlValueType.Ticks, "{0}.updated_at", false),
            ["purchaseCount"] = new(SqlValueType.Count, "(SELECT COUNT(*) " + PurchasesOfCustomer + ")", false),
            ["totalSpent"] = new(SqlValueType.Scaled, "(SELECT IFNULL(SUM(ap.total), 0) " + PurchasesOfCustomer + ")", false),
            ["averageOrderValue"] = new(SqlValueType.AverageOrderValue, PurchasesOfCustomer, true),
            ["firstPurchaseAt"] = new(SqlValueType.Ticks, "(SELECT MIN(ap.purchased_at) " + PurchasesOfCustomer + ")", true),
            ["lastPurchaseAt"] = new(SqlValueType.Ticks, "(SELECT MAX(ap.purchased_at) " + PurchasesOfCustomer + ")", true),
            ["interactionCount"] = new(SqlValueType.Count, "(SELECT COUNT(*) " + InteractionsOfCustomer + ")", false),
            ["lastInteractionAt"] = new(SqlValueType.Ticks, "(SELECT MAX(ai.occurred_at) " + InteractionsOfCustomer + ")", true),
        },
        attributesColumn: "{0}.attributes",
        relations: new Dictionary<string, SqlRelation>
        {
            // ix_interactions_timeline (tenant_id, customer_id, occurred_at, id) and
            // ix_purchases_customer (tenant_id, customer_id, purchased_at, id, total).
            ["interactions"] = new("interactions {0}", "{0}.tenant_id", "{0}.customer_id", Interaction) { CustomerIndexFields = new HashSet<string>(["occurredAt"], StringComparer.Ordinal) },
            ["purchases"] = new("purchases {0}", "{0}.tenant_id", "{0}.customer_id", Purchase) { CustomerIndexFields = new HashSet<string>(["purchasedAt", "total"], StringComparer.Ordinal) },
            ["purchaseLines"] = new(
                "purchase_lines {0} JOIN purchases {0}p ON {0}p.tenant_id = {0}.tenant_id AND {0}p.id = {0}.purchase_id",
                "{0}.tenant_id",
                "{0}p.customer_id",
                PurchaseLine),
            // ix_support_cases_customer (tenant_id, customer_id, opened_at DESC, id DESC).
            ["cases"] = new("support_cases {0}", "{0}.tenant_id", "{0}.customer_id", Case) { CustomerIndexFields = new HashSet<string>(["openedAt"], StringComparer.Ordinal) },
        });
}
