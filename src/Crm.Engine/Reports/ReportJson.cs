using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Engine.Analytics;

namespace Crm.Engine.Reports;

/// <summary>Serializes the report model as it is: the JSON is the contract, so new sections appear without code here.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task WriteAsync(AnalyticsReport report, TextWriter writer, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(report, Options);
        await writer.WriteAsync(json.AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
