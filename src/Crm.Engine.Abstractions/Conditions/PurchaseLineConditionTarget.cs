namespace Crm.Engine.Conditions;

/// <summary>Exposes a purchase line to in-memory evaluation over <see cref="CrmFields.PurchaseLine"/>.</summary>
/// <param name="purchase">The purchase the line belongs to.</param>
/// <param name="line">The line.</param>
public sealed class PurchaseLineConditionTarget(Purchase purchase, PurchaseLine line) : IConditionTarget
{
    /// <inheritdoc />
    public FieldValue GetValue(string field) => field switch
    {
        "sku" => FieldValue.FromString(line.Sku),
        "productName" => FieldValue.FromString(line.ProductName),
        "category" => FieldValue.FromString(line.Category),
        "quantity" => FieldValue.FromNumber(line.Quantity),
        "unitPrice" => FieldValue.FromNumber(line.UnitPrice),
        "total" => FieldValue.FromNumber(line.Total),
        "purchasedAt" => FieldValue.FromDateTime(purchase.PurchasedAt),
        "currency" => FieldValue.FromString(purchase.Currency),
        _ => FieldValue.Missing,
    };

    /// <inheritdoc />
    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
