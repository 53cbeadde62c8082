namespace Crm.Engine.Templates;

/// <summary>
/// The values a template is rendered with: <c>customer.*</c> (the profile, with <c>customer.attributes.*</c> for
/// custom fields), <c>deal.*</c>, <c>case.*</c> and <c>data.*</c> (free values supplied by the caller).
/// </summary>
public sealed record TemplateModel
{
    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>(0, StringComparer.Ordinal);

    /// <summary>Gets the customer the message is for.</summary>
    public Customer? Customer { get; init; }

    /// <summary>Gets the deal's fields by name, when the message concerns a deal.</summary>
    public IReadOnlyDictionary<string, object?> Deal { get; init; } = Empty;

    /// <summary>Gets the support case's fields by name, when the message concerns a case.</summary>
    public IReadOnlyDictionary<string, object?> Case { get; init; } = Empty;

    /// <summary>Gets free values supplied by the caller, referenced as <c>data.name</c>.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = Empty;
}
