using Crm.Engine.Conditions;

namespace Crm.Engine.Support;

/// <summary>
/// Exposes a case's fields to workflow guards (the <c>case</c> catalog of the workflow engine). The catalog predates
/// <see cref="SupportCaseConditionTarget"/> and names the opening time <c>createdAt</c>; every other field is read there,
/// so the two views of a case cannot drift apart.
/// </summary>
internal sealed class CaseConditionTarget(SupportCase supportCase) : IConditionTarget
{
    private readonly SupportCaseConditionTarget _fields = new(supportCase);

    public FieldValue GetValue(string field) => field == "createdAt" ? _fields.GetValue("openedAt") : _fields.GetValue(field);

    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
