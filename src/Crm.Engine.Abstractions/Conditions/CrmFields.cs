namespace Crm.Engine.Conditions;

/// <summary>
/// Defines the field catalogs of the built-in records. Storage providers must support every field and relation listed here.
/// </summary>
public static class CrmFields
{
    /// <summary>Gets the fields of a purchase line (relation <c>purchaseLines</c> of a customer).</summary>
    public static FieldCatalog PurchaseLine { get; } = new("purchaseLine",
    [
        new("sku", FieldType.String),
        new("productName", FieldType.String),
        new("category", FieldType.String),
        new("quantity", FieldType.Number),
        new("unitPrice", FieldType.Number),
        new("total", FieldType.Number) { Description = "Quantity times unit price less discount." },
        new("purchasedAt", FieldType.DateTime) { Description = "When the purchase of the line was made." },
        new("currency", FieldType.String),
    ]);

    /// <summary>Gets the fields of a purchase (relation <c>purchases</c> of a customer).</summary>
    public static FieldCatalog Purchase { get; } = new("purchase",
    [
        new("orderNumber", FieldType.String),
        new("purchasedAt", FieldType.DateTime),
        new("currency", FieldType.String),
        new("channel", FieldType.String),
        new("total", FieldType.Number) { Description = "Sum of the line totals." },
        new("createdAt", FieldType.DateTime),
    ]);

    /// <summary>Gets the fields of an interaction (relation <c>interactions</c> of a customer).</summary>
    public static FieldCatalog Interaction { get; } = new("interaction",
    [
        new("channel", FieldType.String),
        new("direction", FieldType.Enum) { AllowedValues = ["Inbound", "Outbound", "Internal"] },
        new("occurredAt", FieldType.DateTime),
        new("subject", FieldType.String),
        new("externalId", FieldType.String),
        new("createdAt", FieldType.DateTime),
    ]);

    /// <summary>Gets the fields of a support case (relation <c>cases</c> of a customer).</summary>
    public static FieldCatalog Case { get; } = new("case",
    [
        new("subject", FieldType.String),
        new("priority", FieldType.Enum) { AllowedValues = Enum.GetNames<Support.CasePriority>() },
        new("category", FieldType.String),
        new("status", FieldType.Enum) { AllowedValues = Enum.GetNames<Support.CaseStatus>(), Description = "New, Open and Pending are open; Resolved and Closed are not." },
        new("ownerId", FieldType.String),
        new("teamId", FieldType.String),
        new("channel", FieldType.String) { Description = "The channel the case was opened from." },
        new("slaPolicy", FieldType.String),
        new("openedAt", FieldType.DateTime),
        new("firstResponseAt", FieldType.DateTime),
        new("resolvedAt", FieldType.DateTime),
        new("firstResponseDueAt", FieldType.DateTime),
        new("resolutionDueAt", FieldType.DateTime),
        new("escalationLevel", FieldType.Number) { Description = "0 until the first escalation." },
        new("updatedAt", FieldType.DateTime),
    ]);

    /// <summary>Gets the fields of a customer, with its behavioural aggregates and relations.</summary>
    public static FieldCatalog Customer { get; } = new("customer",
    [
        new("externalId", FieldType.String),
        new("firstName", FieldType.String),
        new("lastName", FieldType.String),
        new("company", FieldType.String),
        new("email", FieldType.String) { Description = "The primary email address." },
        new("emails", FieldType.StringSet),
        new("phone", FieldType.String) { Description = "The primary phone number." },
        new("phones", FieldType.StringSet),
        new("birthDate", FieldType.Date),
        new("gender", FieldType.String),
        new("city", FieldType.String),
        new("region", FieldType.String),
        new("country", FieldType.String),
        new("postalCode", FieldType.String),
        new("incomeBand", FieldType.String),
        new("lifecycleStage", FieldType.Enum) { AllowedValues = Enum.GetNames<LifecycleStage>() },
        new("ownerId", FieldType.String),
        new("tags", FieldType.StringSet),
        new("createdAt", FieldType.DateTime),
        new("updatedAt", FieldType.DateTime),
        new("purchaseCount", FieldType.Number) { IsAggregate = true, Description = "Number of purchases." },
        new("totalSpent", FieldType.Number) { IsAggregate = true, Description = "Sum of purchase totals, all currencies added as they are." },
        new("averageOrderValue", FieldType.Number) { IsAggregate = true, Description = "Total spent divided by purchase count; missing without purchases." },
        new("firstPurchaseAt", FieldType.DateTime) { IsAggregate = true },
        new("lastPurchaseAt", FieldType.DateTime) { IsAggregate = true },
        new("interactionCount", FieldType.Number) { IsAggregate = true },
        new("lastInteractionAt", FieldType.DateTime) { IsAggregate = true },
    ],
    new Dictionary<string, FieldCatalog>
    {
        ["interactions"] = Interaction,
        ["purchases"] = Purchase,
        ["purchaseLines"] = PurchaseLine,
        ["cases"] = Case,
    },
    allowsAttributes: true);
}
