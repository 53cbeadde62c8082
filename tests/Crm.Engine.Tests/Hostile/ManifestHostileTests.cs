using System.Text;
using Crm.Engine.Plugins;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// 10k seeded mutations of valid plugin.json manifests: reading each gives a manifest or a
/// <see cref="CrmPluginLoadException"/> naming the manifest, never another exception or a hang.
/// </summary>
public sealed class ManifestHostileTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    private static readonly string[] Seeds =
    [
        """{ "id": "fixture.faulty", "version": "1.0.0", "kinds": [ "channel" ], "entry": { "assembly": "Fixture.Faulty.dll", "type": "Fixture.Faulty.FaultyPlugin" }, "engine": "*", "settings": { "type": "object", "properties": { "start": { "type": "string", "enum": [ "ok", "hang", "throw" ] } } } }""",
        """{ "id": "acme.sms-gateway", "name": "Acme SMS", "version": "2.1.0-beta.1", "kinds": [ "channel", "workflowAction" ], "entry": { "assembly": "Acme.Sms.dll", "type": "Acme.Sms.SmsPlugin" }, "engine": ">=0.1.0 <2.0.0", "dependencies": [ { "id": "acme.core", "version": ">=1.2.0" } ], "capabilities": [ "network", "events.subscribe" ] }""",
    ];

    [Fact]
    public async Task MutatedManifests_ReadOrFailWithAPluginLoadError()
    {
        foreach (var seed in Seeds)
        {
            Assert.NotNull(await PluginManifestReader.ReadAsync(Encoding.UTF8.GetBytes(seed), "seed/plugin.json"));
        }

        var run = new HostileRun("plugin manifests", output);
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (bytes, kind) = HostileMutator.Mutate(Seeds[seed % Seeds.Length], random);
            var source = $"plugins/seed-{seed}/plugin.json";
            await run.CaseAsync(seed, kind, Encoding.UTF8.GetString(bytes), async _ =>
            {
                try
                {
                    Assert.NotNull(await PluginManifestReader.ReadAsync(bytes, source));
                }
                catch (CrmPluginLoadException e)
                {
                    Assert.Contains(source, e.Message, StringComparison.Ordinal);
                    throw;
                }
            });
        }

        run.Report();
    }
}
