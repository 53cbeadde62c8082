namespace Crm.Engine.Sales;

/// <summary>What to create when a lead converts: the deal's pipeline and values.</summary>
/// <param name="PipelineId">The pipeline of the new deal.</param>
/// <param name="DealName">The deal's name.</param>
/// <param name="Amount">The deal's amount.</param>
/// <param name="Currency">The ISO 4217 currency.</param>
public sealed record LeadConversion(Guid PipelineId, string DealName, decimal Amount, string Currency)
{
    /// <summary>Gets the expected close date, or <see langword="null"/>.</summary>
    public DateOnly? ExpectedCloseDate { get; init; }

    /// <summary>Gets the deal owner; the lead's owner when <see langword="null"/>.</summary>
    public string? OwnerId { get; init; }
}
