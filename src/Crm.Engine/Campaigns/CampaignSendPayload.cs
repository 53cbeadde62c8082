using System.Text.Json.Serialization;

namespace Crm.Engine.Campaigns;

/// <summary>The payload of a scheduled campaign send.</summary>
/// <param name="CampaignId">The campaign to send.</param>
internal sealed record CampaignSendPayload(Guid CampaignId);

/// <summary>Source-generated JSON for campaign job payloads.</summary>
[JsonSerializable(typeof(CampaignSendPayload))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class CampaignJson : JsonSerializerContext;
