namespace Crm.Engine;

/// <summary>Reports every invalid field of an interaction by name.</summary>
internal static class InteractionValidator
{
    private const int MaxChannelLength = 50;
    private const int MaxSubjectLength = 1_000;
    private const int MaxBodyLength = 1_000_000;

    public static void Validate(Interaction interaction, ValidationErrors errors)
    {
        if (interaction.CustomerId == Guid.Empty)
        {
            errors.Add("customerId", "is required.", "required");
        }

        if (string.IsNullOrWhiteSpace(interaction.Channel))
        {
            errors.Add("channel", "is required, such as 'email' or 'phone'.", "required");
        }
        else if (interaction.Channel.Length > MaxChannelLength || !interaction.Channel.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add("channel", $"'{interaction.Channel}' is not a channel name: use lower-case letters, digits, '-', '_' or '.', at most {MaxChannelLength} characters.", "pattern");
        }

        if (interaction.OccurredAt == default)
        {
            errors.Add("occurredAt", "is required.", "required");
        }

        if (!Enum.IsDefined(interaction.Direction))
        {
            errors.Add("direction", $"'{(int)interaction.Direction}' is not a direction.", "enum");
        }

        if (interaction.Subject is { Length: > MaxSubjectLength })
        {
            errors.Add("subject", $"is {interaction.Subject.Length} characters long; at most {MaxSubjectLength} are allowed.", "maxLength");
        }

        if (interaction.Body is { Length: > MaxBodyLength })
        {
            errors.Add("body", $"is {interaction.Body.Length} characters long; at most {MaxBodyLength} are allowed.", "maxLength");
        }
    }
}
