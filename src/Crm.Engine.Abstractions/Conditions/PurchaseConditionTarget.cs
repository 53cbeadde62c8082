namespace Crm.Engine.Conditions;

/// <summary>Exposes a purchase to in-memory evaluation over <see cref="CrmFields.Purchase"/>.</summary>
/// <param name="purchase">The purchase.</param>
public sealed class PurchaseConditionTarget(Purchase purchase) : IConditionTarget
{
    /// <inheritdoc />
    public FieldValue GetValue(string field) => field switch
    {
        "orderNumber" => FieldValue.FromString(purchase.OrderNumber),
        "purchasedAt" => FieldValue.FromDateTime(purchase.PurchasedAt),
        "currency" => FieldValue.FromString(purchase.Currency),
        "channel" => FieldValue.FromString(purchase.Channel),
        "total" => FieldValue.FromNumber(purchase.Total),
        "createdAt" => FieldValue.FromDateTime(purchase.CreatedAt),
        _ => FieldValue.Missing,
    };

    /// <inheritdoc />
    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
