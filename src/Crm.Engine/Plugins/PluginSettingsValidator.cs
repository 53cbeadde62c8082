using System.Text.Json;
using Crm.Engine.Json;
using NJsonSchema.Validation;

namespace Crm.Engine.Plugins;

/// <summary>
/// Validates a plugin's configured settings against the settings schema in its manifest, before the plugin starts.
/// </summary>
internal static class PluginSettingsValidator
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Validates settings; a plugin with a settings schema and no settings is validated against <c>{}</c>.</summary>
    /// <param name="manifest">The plugin's manifest.</param>
    /// <param name="settings">The configured settings, or <see langword="null"/>.</param>
    /// <param name="source">Where the settings came from, for error messages.</param>
    /// <returns>The settings to hand to the plugin.</returns>
    public static JsonElement Validate(PluginManifest manifest, JsonElement? settings, string source)
    {
        if (manifest.SettingsSchema is null)
        {
            return settings ?? default;
        }

        var effective = settings is { ValueKind: not JsonValueKind.Undefined } configured ? configured : EmptyObject;
        var text = effective.GetRawText();
        var positions = JsonPositionMap.Build(text);
        var errors = new List<Crm.Engine.ValidationError>();
        foreach (var error in SchemaErrors.Flatten(manifest.SettingsSchema.Validate(text)))
        {
            var path = error.Path is null or "#" ? JsonPath.Root : "$." + error.Path.TrimStart('#', '/');
            var message = error.Kind switch
            {
                ValidationErrorKind.PropertyRequired => $"Setting '{error.Property}' is required by plugin '{manifest.Id}'.",
                ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a setting of plugin '{manifest.Id}'; check its spelling.",
                _ => $"The value does not satisfy the settings schema ({error.Kind}).",
            };
            errors.Add(positions.Locate(new Crm.Engine.ValidationError(path, message) { Rule = error.Kind.ToString() }, source));
        }

        return errors.Count > 0
            ? throw new CrmPluginLoadException(manifest.Id, source, $"its settings do not match the settings schema in '{manifest.Source}'.", errors)
            : effective;
    }
}
