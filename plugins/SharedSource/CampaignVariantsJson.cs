using System.Buffers;
using System.Text.Json;
using Crm.Engine.Campaigns;

namespace Crm.Plugins.Storage;

/// <summary>Writes and reads a campaign's variants as a JSON array of <c>{"name","split","template"}</c> objects.</summary>
internal static class CampaignVariantsJson
{
    public static string Write(IReadOnlyList<CampaignVariant> variants)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var variant in variants)
            {
                writer.WriteStartObject();
                writer.WriteString("name", variant.Name);
                writer.WriteNumber("split", variant.SplitPercent);
                if (variant.TemplateId is not null)
                {
                    writer.WriteString("template", variant.TemplateId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<CampaignVariant> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new List<CampaignVariant>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            result.Add(new CampaignVariant(element.GetProperty("name").GetString()!, element.GetProperty("split").GetInt32())
            {
                TemplateId = element.TryGetProperty("template", out var template) ? template.GetString() : null,
            });
        }

        return result;
    }
}
