using Crm.Engine.Conditions;

namespace Crm.Engine.Sales;

/// <summary>Exposes a deal's fields to workflow guards (the deal catalog of the workflow engine).</summary>
internal sealed class DealConditionTarget(Deal deal) : IConditionTarget
{
    public FieldValue GetValue(string field) => field switch
    {
        "name" => FieldValue.FromString(deal.Name),
        "amount" => FieldValue.FromNumber(deal.Amount),
        "currency" => FieldValue.FromString(deal.Currency),
        "stage" => FieldValue.FromString(deal.StageId),
        "probability" => FieldValue.FromNumber(deal.Probability),
        "ownerId" => FieldValue.FromString(deal.OwnerId),
        "expectedCloseDate" => FieldValue.FromDate(deal.ExpectedCloseDate),
        "createdAt" => FieldValue.FromDateTime(deal.CreatedAt),
        "updatedAt" => FieldValue.FromDateTime(deal.UpdatedAt),
        _ => FieldValue.Missing,
    };

    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
