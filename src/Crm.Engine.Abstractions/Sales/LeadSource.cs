namespace Crm.Engine.Sales;

/// <summary>Where a lead came from, for attribution.</summary>
/// <param name="Kind">How the lead reached the CRM.</param>
/// <param name="Channel">The channel (such as <c>email</c>, <c>web</c>, <c>chat</c>), or <see langword="null"/>.</param>
/// <param name="CampaignId">The campaign the lead is attributed to, or <see langword="null"/>.</param>
/// <param name="FormId">The web form or import identifier, or <see langword="null"/>.</param>
public sealed record LeadSource(LeadSourceKind Kind, string? Channel = null, Guid? CampaignId = null, string? FormId = null);
