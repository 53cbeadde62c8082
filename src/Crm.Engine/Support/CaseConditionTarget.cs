using Crm.Engine.Conditions;

namespace Crm.Engine.Support;

/// <summary>Exposes a case's fields to workflow guards (the <c>case</c> catalog of the workflow engine).</summary>
internal sealed class CaseConditionTarget(SupportCase supportCase) : IConditionTarget
{
    public FieldValue GetValue(string field) => field switch
    {
        "subject" => FieldValue.FromString(supportCase.Subject),
        "priority" => FieldValue.FromString(supportCase.Priority.ToString()),
        "category" => FieldValue.FromString(supportCase.Category),
        "status" => FieldValue.FromString(supportCase.Status.ToString()),
        "ownerId" => FieldValue.FromString(supportCase.OwnerId),
        "createdAt" => FieldValue.FromDateTime(supportCase.OpenedAt),
        "firstResponseAt" => FieldValue.FromDateTime(supportCase.FirstResponseAt),
        "resolvedAt" => FieldValue.FromDateTime(supportCase.ResolvedAt),
        _ => FieldValue.Missing,
    };

    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
