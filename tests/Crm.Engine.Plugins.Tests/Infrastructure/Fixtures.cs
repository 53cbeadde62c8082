using System.Reflection;
using System.Text.Json.Nodes;

namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>Finds the fixture plugins the build put in artifacts/fixtures and copies them into plugin roots.</summary>
internal static class Fixtures
{
    public const string GreeterV1 = "Fixture.Greeter.V1";
    public const string GreeterV2 = "Fixture.Greeter.V2";
    public const string ThrowingCtor = "Fixture.ThrowingCtor";
    public const string Faulty = "Fixture.Faulty";
    public const string BadManifest = "Fixture.BadManifest";
    public const string IncompatibleEngine = "Fixture.IncompatibleEngine";
    public const string HumanizerOld = "Fixture.HumanizerOld";
    public const string HumanizerNew = "Fixture.HumanizerNew";

    public static string Directory { get; } = typeof(Fixtures).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FixturesDirectory").Value!;

    public static string PathOf(string fixture)
    {
        var path = System.IO.Path.Combine(Directory, fixture);
        return System.IO.Directory.Exists(path)
            ? path
            : throw new InvalidOperationException($"Fixture '{fixture}' was not built into '{path}'. Build tests/Crm.Engine.Plugins.Tests, which builds the fixtures.");
    }

    /// <summary>Copies a fixture into <paramref name="root"/>/<paramref name="folderName"/>.</summary>
    public static string CopyTo(string fixture, string root, string? folderName = null)
    {
        var target = System.IO.Path.Combine(root, folderName ?? fixture);
        CopyFiles(PathOf(fixture), target);
        return target;
    }

    public static void CopyFiles(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Rewrites properties of a copied plugin.json (id, dependencies...).</summary>
    public static void EditManifest(string pluginFolder, Action<JsonObject> edit)
    {
        var path = System.IO.Path.Combine(pluginFolder, "plugin.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString(new() { WriteIndented = true }));
    }
}
