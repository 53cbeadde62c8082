using Crm.Engine.Support;

namespace Crm.Engine.Conditions;

/// <summary>Exposes a support case to in-memory evaluation over <see cref="CrmFields.Case"/> (relation <c>cases</c> of a customer).</summary>
/// <param name="supportCase">The case.</param>
public sealed class SupportCaseConditionTarget(SupportCase supportCase) : IConditionTarget
{
    /// <inheritdoc />
    public FieldValue GetValue(string field) => field switch
    {
        "subject" => FieldValue.FromString(supportCase.Subject),
        "priority" => FieldValue.FromString(supportCase.Priority.ToString()),
        "category" => FieldValue.FromString(supportCase.Category),
        "status" => FieldValue.FromString(supportCase.Status.ToString()),
        "ownerId" => FieldValue.FromString(supportCase.OwnerId),
        "teamId" => FieldValue.FromString(supportCase.TeamId),
        "channel" => FieldValue.FromString(supportCase.Channel),
        "slaPolicy" => FieldValue.FromString(supportCase.SlaPolicy),
        "openedAt" => FieldValue.FromDateTime(supportCase.OpenedAt),
        "firstResponseAt" => FieldValue.FromDateTime(supportCase.FirstResponseAt),
        "resolvedAt" => FieldValue.FromDateTime(supportCase.ResolvedAt),
        "firstResponseDueAt" => FieldValue.FromDateTime(supportCase.FirstResponseDueAt),
        "resolutionDueAt" => FieldValue.FromDateTime(supportCase.ResolutionDueAt),
        "escalationLevel" => FieldValue.FromNumber(supportCase.EscalationLevel),
        "updatedAt" => FieldValue.FromDateTime(supportCase.UpdatedAt),
        _ => FieldValue.Missing,
    };

    /// <inheritdoc />
    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
