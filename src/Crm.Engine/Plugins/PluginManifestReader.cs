using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Engine.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using ValidationError = Crm.Engine.ValidationError;

namespace Crm.Engine.Plugins;

/// <summary>
/// Reads a <c>plugin.json</c>: checks its syntax, validates it against <c>schemas/plugin.schema.json</c> with
/// NJsonSchema, then checks what a schema cannot (version ranges, dependencies, the settings schema). Every error names
/// the file, the JSON path and the line.
/// </summary>
internal static class PluginManifestReader
{
    public const string FileName = "plugin.json";

    private const string SchemaResource = "Crm.Engine.Schemas.plugin.schema.json";

    private static readonly Lazy<Task<JsonSchema>> ManifestSchema = new(LoadSchemaAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Dictionary<string, string> PatternHints = new(StringComparer.Ordinal)
    {
        ["$.id"] = "Use lower-case letters and digits in dot- or dash-separated segments, such as 'acme.sms-gateway'.",
        ["$.version"] = "Use a SemVer 2.0.0 version such as '1.2.3' or '2.0.0-beta.1'.",
        ["$.entry.assembly"] = "Use the file name of a .dll in the plugin folder, such as 'Acme.Sms.dll'.",
    };

    /// <summary>
    /// Loads the schema and runs one validation so the JIT cost of NJsonSchema (hundreds of milliseconds in a fresh
    /// process) is paid when the host starts, not by the first plugin dropped in.
    /// </summary>
    public static async Task WarmUpAsync()
    {
        var schema = await ManifestSchema.Value.ConfigureAwait(false);
        _ = schema.Validate("""{"id":"warm.up","version":"1.0.0","kinds":["channel"],"entry":{"assembly":"a.dll","type":"A"},"engine":"*"}""");
    }

    public static async Task<PluginManifest> ReadAsync(ReadOnlyMemory<byte> utf8, string source)
    {
        var bytes = utf8.Span;
        if (bytes.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        JsonPositionMap positions;
        JsonElement root;
        try
        {
            positions = JsonPositionMap.Build(utf8.Span);
            using var document = JsonDocument.Parse(utf8, JsonPositionMap.DocumentOptions);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new CrmPluginLoadException(null, source, "the manifest is not valid JSON.", [JsonPositionMap.FromSyntaxError(exception, source)]);
        }

        var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString()
            : null;
        var schema = await ManifestSchema.Value.ConfigureAwait(false);
        var errors = new List<ValidationError>();
        if (!SchemaNumbers.Check(root, JsonPath.Root, errors))
        {
            throw new CrmPluginLoadException(id, source, "the manifest holds a number out of range.", errors.ConvertAll(e => positions.Locate(e, source)));
        }

        foreach (var error in SchemaErrors.Flatten(schema.Validate(Encoding.UTF8.GetString(utf8.Span))))
        {
            errors.Add(ToValidationError(error, root, positions, source));
        }

        if (errors.Count > 0)
        {
            throw new CrmPluginLoadException(id, source, "the manifest does not match schemas/plugin.schema.json.", SortByPosition(errors));
        }

        var manifest = new PluginManifest
        {
            Id = id!,
            Version = SemanticVersion.Parse(root.GetProperty("version").GetString()!),
            Kinds = [.. root.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!)],
            EntryAssembly = root.GetProperty("entry").GetProperty("assembly").GetString()!,
            EntryType = root.GetProperty("entry").GetProperty("type").GetString()!,
            EngineRange = ParseRange(root.GetProperty("engine").GetString()!, "$.engine", errors, positions, source),
            Dependencies = ReadDependencies(root, id!, errors, positions, source),
            Capabilities = root.TryGetProperty("capabilities", out var capabilities)
                ? [.. capabilities.EnumerateArray().Select(c => c.GetString()!)]
                : [],
            SettingsSchema = await ReadSettingsSchemaAsync(root, errors, positions, source).ConfigureAwait(false),
            Name = root.TryGetProperty("name", out var name) ? name.GetString() : null,
            Source = source,
            Positions = positions,
            Document = root,
        };
        return errors.Count > 0
            ? throw new CrmPluginLoadException(id, source, "the manifest is not consistent.", SortByPosition(errors))
            : manifest;
    }

    /// <summary>Creates an error located in a manifest, for checks made after reading (dependencies, capabilities).</summary>
    public static ValidationError Locate(PluginManifest manifest, string path, string message, string rule) =>
        manifest.Positions.Locate(new ValidationError(path, message) { Rule = rule }, manifest.Source);

    private static VersionRange ParseRange(string text, string path, List<ValidationError> errors, JsonPositionMap positions, string source)
    {
        if (VersionRange.TryParse(text, out var range, out var error))
        {
            return range;
        }

        errors.Add(positions.Locate(new ValidationError(path, error) { Rule = "versionRange" }, source));
        return VersionRange.Any;
    }

    private static List<PluginDependency> ReadDependencies(JsonElement root, string id, List<ValidationError> errors, JsonPositionMap positions, string source)
    {
        var dependencies = new List<PluginDependency>();
        if (!root.TryGetProperty("dependencies", out var items))
        {
            return dependencies;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = JsonPath.Index("$.dependencies", index);
            var dependencyId = item.GetProperty("id").GetString()!;
            if (dependencyId == id)
            {
                errors.Add(positions.Locate(new ValidationError(path + ".id", $"Plugin '{id}' cannot depend on itself; remove this dependency.") { Rule = "dependencyCycle" }, source));
            }
            else if (dependencies.Exists(d => d.Id == dependencyId))
            {
                errors.Add(positions.Locate(new ValidationError(path + ".id", $"Dependency '{dependencyId}' is listed twice; keep one entry with one version range.") { Rule = "duplicateDependency" }, source));
            }

            var range = ParseRange(item.GetProperty("version").GetString()!, path + ".version", errors, positions, source);
            dependencies.Add(new PluginDependency(dependencyId, range, index));
            index++;
        }

        return dependencies;
    }

    private static async Task<JsonSchema?> ReadSettingsSchemaAsync(JsonElement root, List<ValidationError> errors, JsonPositionMap positions, string source)
    {
        if (!root.TryGetProperty("settings", out var settings))
        {
            return null;
        }

        try
        {
            return await JsonSchema.FromJsonAsync(settings.GetRawText()).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            errors.Add(positions.Locate(new ValidationError("$.settings", $"The settings schema is not a valid JSON Schema: {exception.Message}") { Rule = "settingsSchema" }, source));
            return null;
        }
    }

    private static ValidationError ToValidationError(
        NJsonSchema.Validation.ValidationError error,
        JsonElement root,
        JsonPositionMap positions,
        string source)
    {
        var path = ToJsonPath(error.Path);
        var value = TryResolve(root, path, out var element) ? Describe(element) : null;
        var message = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"Property '{error.Property}' is required.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a manifest property; check its spelling or remove it.",
            ValidationErrorKind.PatternMismatch => $"{value} is not valid here. {PatternHints.GetValueOrDefault(path, $"It must match '{error.Schema?.Pattern}'.")}",
            ValidationErrorKind.NotInEnumeration => $"{value} is not one of {string.Join(", ", error.Schema?.Enumeration.Select(e => $"'{e}'") ?? [])}.",
            ValidationErrorKind.ItemsNotUnique => "The list contains the same value twice; remove the duplicate.",
            ValidationErrorKind.TooFewItems => "The list must not be empty.",
            ValidationErrorKind.StringTooShort => "The value must not be empty.",
            ValidationErrorKind.StringTooLong => $"The value is longer than {error.Schema?.MaxLength} characters.",
            ValidationErrorKind.StringExpected => $"Expected a string, found {value}.",
            ValidationErrorKind.ArrayExpected => $"Expected an array, found {value}.",
            ValidationErrorKind.ObjectExpected => $"Expected an object, found {value}.",
            _ => $"{error.Kind} at {value}.",
        };
        var located = new ValidationError(path, message) { Rule = error.Kind.ToString(), Source = source };
        return error.HasLineInfo
            ? located with { Line = error.LineNumber, Column = error.LinePosition }
            : positions.Locate(located, source);
    }

    private static string ToJsonPath(string? njsonPath)
    {
        if (string.IsNullOrEmpty(njsonPath) || njsonPath == "#")
        {
            return JsonPath.Root;
        }

        var relative = njsonPath.StartsWith("#/", StringComparison.Ordinal) ? njsonPath[2..] : njsonPath;
        return relative.StartsWith('[') ? JsonPath.Root + relative : JsonPath.Root + "." + relative;
    }

    private static bool TryResolve(JsonElement root, string path, out JsonElement element)
    {
        element = root;
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                var name = end < 0 ? path[(i + 1)..] : path[(i + 1)..end];
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return false;
                }

                i = end < 0 ? path.Length : end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || element.ValueKind != JsonValueKind.Array ||
                    !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
                    index >= element.GetArrayLength())
                {
                    return false;
                }

                element = element[index];
                i = end + 1;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"'{element.GetString()}'",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => $"'{element.GetRawText()}'",
    };

    private static List<ValidationError> SortByPosition(List<ValidationError> errors) =>
        [.. errors.OrderBy(e => e.Line ?? int.MaxValue).ThenBy(e => e.Column ?? 0)];

    private static async Task<JsonSchema> LoadSchemaAsync()
    {
        var stream = typeof(PluginManifestReader).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The embedded resource '{SchemaResource}' is missing from Crm.Engine.");
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
        }
    }
}
