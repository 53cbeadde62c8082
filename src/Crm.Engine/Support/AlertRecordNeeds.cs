using Crm.Engine.Conditions;

namespace Crm.Engine.Support;

/// <summary>
/// Which of a customer's related records a set of customer conditions reads (relations and the aggregates computed
/// from them), so the event-time alert check reads only those: a rule set about complaints costs one timeline read
/// per recorded interaction, not three.
/// </summary>
internal readonly record struct AlertRecordNeeds(bool Interactions, bool Purchases, bool Cases)
{
    public static AlertRecordNeeds Of(IEnumerable<Condition> conditions)
    {
        var needs = default(AlertRecordNeeds);
        foreach (var condition in conditions)
        {
            needs = needs.With(condition);
        }

        return needs;
    }

    private AlertRecordNeeds With(Condition condition) => condition switch
    {
        AllCondition all => all.Conditions.Aggregate(this, static (n, c) => n.With(c)),
        AnyCondition any => any.Conditions.Aggregate(this, static (n, c) => n.With(c)),
        NotCondition not => With(not.Condition),
        RelationCondition { Relation: "interactions" } => this with { Interactions = true },
        RelationCondition { Relation: "purchases" or "purchaseLines" } => this with { Purchases = true },
        RelationCondition { Relation: "cases" } => this with { Cases = true },
        ComparisonCondition { Field: "interactionCount" or "lastInteractionAt" } => this with { Interactions = true },
        ComparisonCondition { Field: "purchaseCount" or "totalSpent" or "averageOrderValue" or "firstPurchaseAt" or "lastPurchaseAt" } => this with { Purchases = true },
        ComparisonCondition => this,
        // A node this analysis does not know (a future relation): read everything rather than evaluate over nothing.
        _ => new AlertRecordNeeds(true, true, true),
    };
}
