using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Plugins.Loyalty.Points;

/// <summary>Source-generated JSON metadata for the plugin's settings (no reflection: it would pin an unloaded plugin in memory).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LoyaltyPointsPluginSettings))]
internal sealed partial class PointsJson : JsonSerializerContext;
