namespace Crm.Engine;

/// <summary>
/// Chooses the survivorship rule per field for a merge. Field names are those of conditions (<c>firstName</c>,
/// <c>company</c>, <c>emails</c>, <c>city</c>, <c>attributes</c>, ...).
/// </summary>
public sealed record MergeOptions
{
    /// <summary>Gets the default options: union for emails, phones, tags and attributes; most recent non-empty for the rest.</summary>
    public static MergeOptions Default { get; } = new();

    /// <summary>Gets the rule for scalar fields without an entry in <see cref="Rules"/>.</summary>
    /// <value>The default is <see cref="SurvivorshipRule.MostRecentNonEmpty"/>.</value>
    public SurvivorshipRule DefaultRule { get; init; } = SurvivorshipRule.MostRecentNonEmpty;

    /// <summary>Gets the rules per field; list fields (<c>emails</c>, <c>phones</c>, <c>tags</c>) and <c>attributes</c> default to <see cref="SurvivorshipRule.Union"/>.</summary>
    public IReadOnlyDictionary<string, SurvivorshipRule> Rules { get; init; } = new Dictionary<string, SurvivorshipRule>(StringComparer.Ordinal);

    /// <summary>Gets the rule that applies to a field.</summary>
    /// <param name="field">The field name.</param>
    /// <returns>The rule.</returns>
    public SurvivorshipRule RuleFor(string field) =>
        Rules.TryGetValue(field, out var rule) ? rule
        : field is "emails" or "phones" or "tags" or "attributes" ? SurvivorshipRule.Union
        : DefaultRule;
}
