using Xunit;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Lists the segment conditions <see cref="CustomerDataStorageConformanceTests{TFixture}"/> evaluates through
/// <see cref="Crm.Engine.Storage.ISegmentStore"/>, with the customers each must select from the kit's four-customer
/// data set (A, B, C, D; see the test's documentation), computed by hand.
/// </summary>
public static class CustomerDataConditionCases
{
    /// <summary>Gets behavioural segment conditions (JSON over <see cref="Conditions.SegmentFields.Customer"/>) and the names of the customers they select.</summary>
    public static TheoryData<string, string[]> Segments { get; } = new()
    {
        // Interaction counts by channel in the last N days, any and none.
        { """{"count":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]},"op":"gte","value":2}""", ["A", "D"] },
        { """{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"phone"},{"field":"occurredAt","op":"gte","value":"P7D"}]}}""", ["A"] },
        { """{"count":"interactions","where":{"field":"channel","op":"eq","value":"chat"},"op":"eq","value":0}""", ["A", "C", "D"] },
        { """{"field":"interactionCount","op":"eq","value":0}""", ["C"] },
        { """{"field":"lastInteractionAt","op":"lt","value":"P2D"}""", ["B", "D"] },
        // Last purchase date, total spend, purchase count, average order value.
        { """{"field":"lastPurchaseAt","op":"gte","value":"P30D"}""", ["A", "D"] },
        { """{"field":"lastPurchaseAt","op":"lt","value":"P180D"}""", ["B"] },
        { """{"field":"firstPurchaseAt","op":"lt","value":"P90D"}""", ["A", "B"] },
        { """{"field":"totalSpent","op":"gt","value":100}""", ["A", "B"] },
        { """{"field":"totalSpent","op":"eq","value":0}""", ["C"] },
        { """{"field":"purchaseCount","op":"gte","value":2}""", ["A", "D"] },
        { """{"field":"averageOrderValue","op":"gte","value":75}""", ["A", "B"] },
        { """{"field":"averageOrderValue","op":"lt","value":50}""", ["D"] },
        { """{"not":{"field":"averageOrderValue","op":"exists"}}""", ["C"] },
        { """{"some":"purchaseLines","where":{"field":"unitPrice","op":"gte","value":300}}""", ["B"] },
        // Profile fields and attributes through the segment catalog, combined with aggregates.
        { """{"all":[{"some":"interactions","where":{"all":[{"field":"channel","op":"eq","value":"email"},{"field":"occurredAt","op":"gte","value":"P30D"}]}},{"field":"totalSpent","op":"gte","value":90}]}""", ["A", "B", "D"] },
        { """{"all":[{"field":"attributes.plan","op":"eq","value":"gold"},{"field":"purchaseCount","op":"gte","value":1}]}""", ["A"] },
        { """{"any":[{"field":"lastName","op":"eq","value":"C"},{"field":"tags","op":"contains","value":"vip"}]}""", ["C", "D"] },
    };
}
