using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Engine.Plugins;

/// <summary>
/// Runs the host's own load and call paths once, on made-up inputs, when the host starts: manifest and settings
/// validation (NJsonSchema), fingerprinting, a validated service provider, a guard pipeline and one guarded call.
/// In a fresh process these cost well over 100 ms of JIT compilation; paying it in the background at start-up keeps
/// the first plugin an operator drops in close to the cost of a bare load context.
/// </summary>
internal static class PluginHostWarmUp
{
    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes("""
        {
          "id": "crm.warm-up",
          "version": "1.0.0",
          "kinds": [ "channel" ],
          "entry": { "assembly": "WarmUp.dll", "type": "WarmUp.Plugin" },
          "engine": ">=0.0.0 || *",
          "dependencies": [ { "id": "crm.other", "version": "^1.0.0" } ],
          "capabilities": [ "network" ],
          "settings": { "type": "object", "properties": { "name": { "type": "string" } } }
        }
        """);

    public static async Task RunAsync(PluginHostRuntime runtime)
    {
        await PluginManifestReader.WarmUpAsync().ConfigureAwait(false);
        var manifest = await PluginManifestReader.ReadAsync(Manifest, "warm-up").ConfigureAwait(false);
        _ = PluginSettingsValidator.Validate(manifest, null, "warm-up");
        var fingerprint = new ContentFingerprint();
        fingerprint.Append("warm-up");
        fingerprint.Append(Manifest);
        _ = fingerprint.ToHex();

        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(runtime.TimeProvider);
        services.AddSingleton<IPluginHealthCheck, WarmUpHealthCheck>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await using (provider.ConfigureAwait(false))
        {
            _ = provider.GetService<IPluginHealthCheck>();
            _ = provider.GetService<ILogger<WarmUpHealthCheck>>();
        }

        // A throwaway slot and generation: the same guarded call path a real call takes, with reference types so the
        // shared generic code the JIT produces here serves real calls too.
        var quietRuntime = runtime with { Logger = NullLogger.Instance };
        var slot = new PluginSlot(manifest.Id, PluginSource.Code, "warm-up", quietRuntime);
        var generation = new PluginGeneration(slot, manifest, "", null)
        {
            Pipeline = PluginPipelineFactory.Create(slot, runtime.Options, runtime.TimeProvider),
        };
        generation.Enter();
        _ = await slot.InvokeAsync(generation, "target", "state", static (target, state, _) => new ValueTask<string>(target + state), "warm-up", CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class WarmUpHealthCheck : IPluginHealthCheck
    {
        public ValueTask<PluginHealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken) => new(PluginHealthCheckResult.Healthy);
    }
}
