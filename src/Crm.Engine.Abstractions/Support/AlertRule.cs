namespace Crm.Engine.Support;

/// <summary>
/// A proactive issue detection rule: a customer condition in the condition language (usually counting recent
/// interactions or purchases), raising an alert (and optionally opening a case) once per occurrence.
/// </summary>
/// <remarks>
/// An occurrence is the rule, the customer and the <see cref="OccurrencePeriod"/> window the match falls in: a customer
/// who keeps matching within one window is alerted once; in the next window again.
/// </remarks>
public sealed record AlertRule
{
    /// <summary>Gets the rule's name, unique among the configured rules.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Gets the customer condition, as JSON in the condition language, for example three complaints in seven days:
    /// <c>{"count":"interactions","where":{"all":[{"field":"subject","op":"contains","value":"complaint"},{"field":"occurredAt","op":"gte","value":"P7D"}]},"op":"gte","value":3}</c>.
    /// </summary>
    public required string Condition { get; init; }

    /// <summary>Gets the alert's message; the rule's name when not given.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the alert's severity.</summary>
    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>Gets the window one occurrence spans; seven days by default.</summary>
    public TimeSpan OccurrencePeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Gets whether the rule is checked for the customer whenever an interaction is recorded or a case is opened for them; true by default.</summary>
    public bool EvaluateOnInteraction { get; init; } = true;

    /// <summary>Gets the case to open per occurrence, or <see langword="null"/> to only raise the alert.</summary>
    public AlertCaseTemplate? OpenCase { get; init; }
}
