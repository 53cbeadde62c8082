namespace Crm.Engine.Conditions;

/// <summary>
/// Exposes a customer, with its interactions, purchases and support cases, to in-memory condition evaluation over
/// <see cref="CrmFields.Customer"/>. Aggregates are computed from the related records given.
/// </summary>
/// <param name="customer">The customer.</param>
/// <param name="interactions">The customer's interactions, or an empty list.</param>
/// <param name="purchases">The customer's purchases, or an empty list.</param>
/// <param name="cases">The customer's support cases, or an empty list.</param>
public sealed class CustomerConditionTarget(Customer customer, IReadOnlyList<Interaction> interactions, IReadOnlyList<Purchase> purchases, IReadOnlyList<Support.SupportCase> cases) : IConditionTarget
{
    /// <summary>Initializes a target for a customer with interactions and purchases but no cases.</summary>
    /// <param name="customer">The customer.</param>
    /// <param name="interactions">The customer's interactions, or an empty list.</param>
    /// <param name="purchases">The customer's purchases, or an empty list.</param>
    public CustomerConditionTarget(Customer customer, IReadOnlyList<Interaction> interactions, IReadOnlyList<Purchase> purchases)
        : this(customer, interactions, purchases, [])
    {
    }

    /// <summary>Initializes a target for a customer with no related records.</summary>
    /// <param name="customer">The customer.</param>
    public CustomerConditionTarget(Customer customer)
        : this(customer, [], [], [])
    {
    }

    /// <inheritdoc />
    public FieldValue GetValue(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var d = customer.Demographics;
        return field switch
        {
            "externalId" => FieldValue.FromString(customer.ExternalId),
            "firstName" => FieldValue.FromString(customer.FirstName),
            "lastName" => FieldValue.FromString(customer.LastName),
            "company" => FieldValue.FromString(customer.Company),
            "email" => FieldValue.FromString(customer.PrimaryEmail),
            "emails" => FieldValue.FromSet(customer.Emails),
            "phone" => FieldValue.FromString(customer.PrimaryPhone),
            "phones" => FieldValue.FromSet(customer.Phones),
            "birthDate" => FieldValue.FromDate(d.BirthDate),
            "gender" => FieldValue.FromString(d.Gender),
            "city" => FieldValue.FromString(d.City),
            "region" => FieldValue.FromString(d.Region),
            "country" => FieldValue.FromString(d.Country),
            "postalCode" => FieldValue.FromString(d.PostalCode),
            "incomeBand" => FieldValue.FromString(d.IncomeBand),
            "lifecycleStage" => FieldValue.FromString(customer.LifecycleStage.ToString()),
            "ownerId" => FieldValue.FromString(customer.OwnerId),
            "tags" => FieldValue.FromSet(customer.Tags),
            "createdAt" => FieldValue.FromDateTime(customer.CreatedAt),
            "updatedAt" => FieldValue.FromDateTime(customer.UpdatedAt),
            "purchaseCount" => FieldValue.FromNumber(purchases.Count),
            "totalSpent" => FieldValue.FromNumber(purchases.Sum(p => p.Total)),
            "averageOrderValue" => FieldValue.FromNumber(purchases.Count == 0 ? null : purchases.Sum(p => p.Total) / purchases.Count),
            "firstPurchaseAt" => FieldValue.FromDateTime(purchases.Count == 0 ? null : purchases.Min(p => p.PurchasedAt)),
            "lastPurchaseAt" => FieldValue.FromDateTime(purchases.Count == 0 ? null : purchases.Max(p => p.PurchasedAt)),
            "interactionCount" => FieldValue.FromNumber(interactions.Count),
            "lastInteractionAt" => FieldValue.FromDateTime(interactions.Count == 0 ? null : interactions.Max(i => i.OccurredAt)),
            _ when FieldCatalog.IsAttributeField(field) =>
                customer.Attributes.TryGetValue(field[FieldCatalog.AttributePrefix.Length..], out var attribute)
                    ? FieldValue.FromAttribute(attribute)
                    : FieldValue.Missing,
            _ => FieldValue.Missing,
        };
    }

    /// <inheritdoc />
    public IEnumerable<IConditionTarget> GetRelated(string relation) => relation switch
    {
        "interactions" => interactions.Select(i => (IConditionTarget)new InteractionConditionTarget(i)),
        "purchases" => purchases.Select(p => (IConditionTarget)new PurchaseConditionTarget(p)),
        "purchaseLines" => purchases.SelectMany(p => p.Lines.Select(l => (IConditionTarget)new PurchaseLineConditionTarget(p, l))),
        "cases" => cases.Select(c => (IConditionTarget)new SupportCaseConditionTarget(c)),
        _ => [],
    };
}
