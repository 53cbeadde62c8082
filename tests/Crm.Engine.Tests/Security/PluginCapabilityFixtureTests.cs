using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Engine.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Security;

/// <summary>
/// A real plugin loaded from a folder (tests/fixtures/Fixture.CapabilityProbe, whose manifest grants only
/// <c>crm:customers.read</c>) reads customers through the engine it was given and is refused a write, with the typed
/// denial naming the capability it lacks.
/// </summary>
public sealed class PluginCapabilityFixtureTests
{
    private const string Tenant = "acme";
    private const string Fixture = "Fixture.CapabilityProbe";

    [Fact]
    public async Task A_folder_loaded_plugin_with_customers_read_reads_and_is_refused_a_write_naming_the_capability()
    {
        var root = Path.Combine(Path.GetTempPath(), "crm-capability-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(FixtureDirectory(), Path.Combine(root, Fixture));
        try
        {
            await using var engine = await TestEngine.CreateAsync(b => b.ConfigureSecurity().AddPluginsFromDirectory(root));
            var system = engine.Engine.ForCaller(CrmCaller.System(Tenant));
            await system.Customers.CreateAsync(new Customer { FirstName = "Ada", Emails = ["ada@example.com"] });
            await system.Customers.CreateAsync(new Customer { FirstName = "Grace", Emails = ["grace@example.com"] });
            var probe = engine.Provider.GetRequiredService<IPluginServices>().GetService<IChannelAdapter>("fixture.capabilityprobe");

            var result = await probe.InvokeAsync(static (adapter, ct) => adapter.SendAsync(
                new OutboundMessage { TenantId = Tenant, Recipient = "x", TextBody = "probe", IdempotencyKey = "k1", Headers = new Dictionary<string, string>() }, ct));

            Assert.True(result.IsDelivered, result.FailureReason);
            Assert.Equal(
                "read=2;write=denied:customers.write;origin=plugin:fixture.capabilityprobe;reason=plugin 'fixture.capabilityprobe' did not declare it among its capabilities",
                result.ProviderMessageId);
            Assert.Equal(2, await system.Customers.CountAsync(null)); // the refused write wrote nothing
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string FixtureDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crm.Engine.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = Path.Combine(directory?.FullName ?? ".", "artifacts", "fixtures", configuration, Fixture);
        return Directory.Exists(path) ? path : throw new InvalidOperationException($"'{path}' is missing: build tests/Crm.Engine.Tests, which builds the fixture.");
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
