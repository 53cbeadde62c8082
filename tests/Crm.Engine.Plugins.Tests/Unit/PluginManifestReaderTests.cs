using System.Text;

namespace Crm.Engine.Plugins.Tests.Unit;

public sealed class PluginManifestReaderTests
{
    private static Task<PluginManifest> ReadAsync(string json) => PluginManifestReader.ReadAsync(Encoding.UTF8.GetBytes(json), "plugin.json");

    [Fact]
    public async Task ReadAsync_CompleteManifest_ReadsEveryField()
    {
        var manifest = await ReadAsync("""
            {
              // Comments are allowed.
              "id": "acme.sms",
              "version": "1.2.3-beta.1+build.5",
              "name": "Acme SMS",
              "kinds": [ "channel" ],
              "entry": { "assembly": "Acme.Sms.dll", "type": "Acme.Sms.SmsPlugin" },
              "engine": "^0.1.0",
              "dependencies": [ { "id": "acme.core", "version": ">=1.0.0" } ],
              "capabilities": [ "network" ],
              "settings": { "type": "object", "required": [ "apiKey" ] }
            }
            """);

        Assert.Equal("acme.sms", manifest.Id);
        Assert.Equal("1.2.3-beta.1+build.5", manifest.Version.Text);
        Assert.Equal(["channel"], manifest.Kinds);
        Assert.Equal(("Acme.Sms.dll", "Acme.Sms.SmsPlugin"), (manifest.EntryAssembly, manifest.EntryType));
        Assert.True(manifest.EngineRange.Contains(SemanticVersion.Parse("0.1.5")));
        Assert.Equal("acme.core", Assert.Single(manifest.Dependencies).Id);
        Assert.Equal(["network"], manifest.Capabilities);
        Assert.NotNull(manifest.SettingsSchema);
    }

    [Fact]
    public async Task ReadAsync_SyntaxError_ReportsLineAndColumn()
    {
        var exception = await Assert.ThrowsAsync<CrmPluginLoadException>(() => ReadAsync("{\n  \"id\": \"a\",\n  \"version\" \"1.0.0\"\n}"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(("plugin.json", 3), (error.Source, error.Line));
        Assert.Equal("syntax", error.Rule);
    }

    [Fact]
    public async Task ReadAsync_BadRangeAndSelfDependency_ReportsEachAtItsPath()
    {
        var exception = await Assert.ThrowsAsync<CrmPluginLoadException>(() => ReadAsync("""
            {
              "id": "acme.sms",
              "version": "1.0.0",
              "kinds": [ "channel" ],
              "entry": { "assembly": "Acme.Sms.dll", "type": "Acme.Sms.SmsPlugin" },
              "engine": ">=zero",
              "dependencies": [ { "id": "acme.sms", "version": "*" } ]
            }
            """));

        Assert.Equal("acme.sms", exception.PluginId);
        Assert.Collection(
            exception.Errors,
            e => Assert.Equal(("$.engine", 6), (e.Path, e.Line)),
            e => Assert.Equal(("$.dependencies[0].id", 7), (e.Path, e.Line)));
        Assert.Contains("cannot depend on itself", exception.Message, StringComparison.Ordinal);
    }
}
