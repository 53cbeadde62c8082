namespace Crm.Engine.Conditions;

/// <summary>Exposes an interaction to in-memory evaluation over <see cref="CrmFields.Interaction"/>.</summary>
/// <param name="interaction">The interaction.</param>
public sealed class InteractionConditionTarget(Interaction interaction) : IConditionTarget
{
    /// <inheritdoc />
    public FieldValue GetValue(string field) => field switch
    {
        "channel" => FieldValue.FromString(interaction.Channel),
        "direction" => FieldValue.FromString(interaction.Direction.ToString()),
        "occurredAt" => FieldValue.FromDateTime(interaction.OccurredAt),
        "subject" => FieldValue.FromString(interaction.Subject),
        "externalId" => FieldValue.FromString(interaction.ExternalId),
        "createdAt" => FieldValue.FromDateTime(interaction.CreatedAt),
        _ => FieldValue.Missing,
    };

    /// <inheritdoc />
    public IEnumerable<IConditionTarget> GetRelated(string relation) => [];
}
