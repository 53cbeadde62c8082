namespace Crm.Engine.Support;

/// <summary>A customer's cases as support sees them: all open ones and the most recently opened ones.</summary>
/// <param name="Open">Every open case (new, open, pending), newest first.</param>
/// <param name="Recent">The most recently opened cases whatever their status, newest first.</param>
public sealed record CustomerCases(IReadOnlyList<SupportCase> Open, IReadOnlyList<SupportCase> Recent);
