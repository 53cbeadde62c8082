using System.Text.Json;
using NJsonSchema;

namespace Crm.Engine.Plugins;

/// <summary>A validated <c>plugin.json</c>.</summary>
internal sealed record PluginManifest
{
    public required string Id { get; init; }

    public required SemanticVersion Version { get; init; }

    public required IReadOnlyList<string> Kinds { get; init; }

    public required string EntryAssembly { get; init; }

    public required string EntryType { get; init; }

    public required VersionRange EngineRange { get; init; }

    public IReadOnlyList<PluginDependency> Dependencies { get; init; } = [];

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the compiled settings schema, or <see langword="null"/> when the plugin takes no settings.</summary>
    public JsonSchema? SettingsSchema { get; init; }

    public string? Name { get; init; }

    /// <summary>Gets the manifest file, or a description of its source for code plugins.</summary>
    public required string Source { get; init; }

    /// <summary>Gets where each value starts in the manifest, to locate errors found after validation.</summary>
    public Json.JsonPositionMap Positions { get; init; } = Json.JsonPositionMap.Empty;

    /// <summary>Gets the raw manifest, for diagnostics.</summary>
    public JsonElement Document { get; init; }
}
