namespace Crm.Engine.Support;

/// <summary>The outcome of checking alert rules.</summary>
/// <param name="Matched">How many (rule, customer) matches were found.</param>
/// <param name="Raised">The alerts raised now; matches whose occurrence already had an alert are not among them.</param>
public sealed record AlertEvaluation(int Matched, IReadOnlyList<Alert> Raised);
