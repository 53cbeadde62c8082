using System.Diagnostics;
using System.Reflection;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Plugins.Loyalty.Points.Tests;

/// <summary>A plugin root in a temp folder, filled with the rule fixtures the build put in artifacts/fixtures.</summary>
internal sealed class RulePluginFolder : IDisposable
{
    public const string RulePluginId = "fixture.loyalty-rule";
    public const string ThrowingPluginId = "fixture.loyalty-throwing";
    public const string V1 = "Fixture.LoyaltyRule.V1";
    public const string V2 = "Fixture.LoyaltyRule.V2";
    public const string Throwing = "Fixture.LoyaltyRule.Throwing";

    private static readonly string FixturesDirectory = typeof(RulePluginFolder).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FixturesDirectory").Value!;

    public RulePluginFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "crm-loyalty-rule-plugins", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Copies a fixture build into <c>Root/folder</c>, over whatever is there (a plain deploy).</summary>
    public void Deploy(string fixture, string folder)
    {
        var source = Path.Combine(FixturesDirectory, fixture);
        if (!Directory.Exists(source))
        {
            throw new InvalidOperationException($"Fixture '{fixture}' was not built into '{source}'. Build tests/Crm.Plugins.Loyalty.Points.Tests, which builds the fixtures.");
        }

        var target = Path.Combine(Root, folder);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>
    /// Polls the catalog until the plugin matches, moving the manual clock so the host's polling watcher and debounce
    /// run; fails after 30 s of real time.
    /// </summary>
    public static async Task<PluginInfo> WaitForAsync(EngineHost host, string pluginId, Func<PluginInfo, bool> done)
    {
        var catalog = host.Provider.GetRequiredService<IPluginCatalog>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (catalog.FindPlugin(pluginId) is { } info && done(info))
            {
                return info;
            }

            // The host's polling watcher and debounce run on the engine's manual clock, so time must be moved by hand,
            // and no signal says "waiting only for time": this is a poll with a real-time deadline, not a fixed wait.
            host.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20);
        }

        throw new TimeoutException($"Plugin '{pluginId}' did not reach the expected state: {catalog.FindPlugin(pluginId)}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless (an unloaded plugin may still hold a file briefly).
        }
    }
}
