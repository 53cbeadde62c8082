namespace Crm.Engine.Sales;

/// <summary>
/// What is known about a lead's budget, authority, need and timeline (BANT). Unknown parts are <see langword="null"/>.
/// </summary>
/// <param name="Budget">The budget the lead has, in <paramref name="BudgetCurrency"/>.</param>
/// <param name="BudgetCurrency">The ISO 4217 currency of <paramref name="Budget"/>.</param>
/// <param name="HasAuthority">Whether the contact can sign the purchase.</param>
/// <param name="Need">The need the lead described, free text.</param>
/// <param name="Timeline">The date by which the lead wants to buy.</param>
public sealed record BantQualification(
    decimal? Budget = null,
    string? BudgetCurrency = null,
    bool? HasAuthority = null,
    string? Need = null,
    DateOnly? Timeline = null)
{
    /// <summary>Gets a qualification with nothing known.</summary>
    public static BantQualification Unknown { get; } = new();
}
