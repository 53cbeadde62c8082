namespace Crm.Engine.Sales;

/// <summary>One entry of a deal's stage history.</summary>
/// <param name="DealId">The deal.</param>
/// <param name="Sequence">The entry's number, 1 for the deal's creation.</param>
/// <param name="FromStageId">The stage left, or <see langword="null"/> for the creation.</param>
/// <param name="ToStageId">The stage entered.</param>
/// <param name="ToPosition">The entered stage's position in the pipeline (for stage-to-stage conversion).</param>
/// <param name="ChangedAt">When the move happened.</param>
/// <param name="Actor">Who moved the deal (a user id, or <c>workflow:&lt;instance&gt;</c>).</param>
public sealed record DealStageChange(Guid DealId, int Sequence, string? FromStageId, string ToStageId, int ToPosition, DateTimeOffset ChangedAt, string? Actor);
