namespace Crm.Engine.Templates;

/// <summary>
/// A personalized message with one variant per channel. Rendering picks the variant of the message's channel, or
/// <see cref="DefaultVariant"/> when the channel has none. Every field a variant references is checked when the
/// template is registered or validated, so an unknown field fails then, never at send time.
/// </summary>
public sealed record MessageTemplate
{
    /// <summary>The variant key used for channels without their own variant.</summary>
    public const string DefaultVariant = "default";

    /// <summary>Gets the template id, unique in the engine, such as <c>welcome</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets what the template is for.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the variants by channel name (or <see cref="DefaultVariant"/>).</summary>
    public required IReadOnlyDictionary<string, TemplateVariant> Variants { get; init; }
}
