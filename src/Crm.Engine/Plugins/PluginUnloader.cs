using System.Diagnostics;

namespace Crm.Engine.Plugins;

/// <summary>
/// Retires a plugin version: waits for its in-flight calls, stops it, disposes its services, unloads its context and
/// proves the context was collected (a weak reference that dies after garbage collection), reporting a leak otherwise.
/// </summary>
internal sealed class PluginUnloader(PluginHostRuntime runtime)
{
    /// <summary>
    /// Gets how long the retirement of a replaced version waits after the swap before it starts. Its work (stop hook,
    /// disposal, full blocking collections) would otherwise run on the other core while the new version takes its first
    /// calls and whoever waited for the switch carries on.
    /// </summary>
    public static TimeSpan SwapGrace { get; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Retires a version.</summary>
    /// <param name="generation">The version.</param>
    /// <param name="started">Whether its start hook ran, so it must be drained and stopped.</param>
    /// <param name="abandoned">
    /// Whether it was only prepared during a debounce and then superseded by a newer change: it never counted as a load
    /// or a rejection, so its unload is logged at debug level and a leak is still reported.
    /// </param>
    /// <returns>Whether its context was collected.</returns>
    public async Task<bool> RetireAsync(PluginGeneration generation, bool started, bool abandoned = false)
    {
        using var activity = PluginTelemetry.Source.StartActivity("crm.plugin.unload");
        activity?.SetTag(PluginTelemetry.PluginIdTag, generation.Slot.Id);
        activity?.SetTag(PluginTelemetry.VersionTag, generation.Version);
        var options = runtime.Options;
        if (started)
        {
            if (!await generation.DrainAsync(options.DrainTimeout, runtime.TimeProvider).ConfigureAwait(false))
            {
                PluginLog.DrainTimedOut(runtime.Logger, generation.Slot.Id, generation.Version, generation.InFlight, options.DrainTimeout);
            }

            await StopAsync(generation).ConfigureAwait(false);
        }

        await DisposeServicesAsync(generation).ConfigureAwait(false);

        var collected = await UnloadAsync(generation).ConfigureAwait(false);
        DeleteShadowCopy(generation.ShadowDirectory);
        if (abandoned && collected)
        {
            PluginLog.PreparedVersionAbandoned(runtime.Logger, generation.Slot.Id, generation.Version);
            return true;
        }

        PluginTelemetry.Count(PluginTelemetry.Unloads, generation.Slot.Id, collected ? "collected" : "leaked");
        PluginLog.PluginUnloaded(runtime.Logger, generation.Slot.Id, generation.Version, collected);
        return collected;
    }

    public static void DeleteShadowCopy(string? directory)
    {
        // A plugin with nothing to resolve on disk never had its shadow copy written: no exception per reload for that.
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A native library still mapped (Windows) keeps its shadow copy; the host removes the root when it stops.
        }
    }

    private async Task StopAsync(PluginGeneration generation)
    {
        if (generation.Plugin is not { } plugin || generation.Provider is not { } provider)
        {
            return;
        }

        try
        {
            await PluginHooks.RunAsync(
                runtime, generation.Manifest, "StopAsync", runtime.Options.StopTimeout, nameof(PluginHostOptions.StopTimeout),
                token => plugin.StopAsync(provider, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (CrmPluginLoadException exception)
        {
            PluginLog.RetireHookFailed(runtime.Logger, exception, generation.Slot.Id, generation.Version, "StopAsync");
        }
    }

    private async Task DisposeServicesAsync(PluginGeneration generation)
    {
        if (generation.Provider is not { } provider)
        {
            return;
        }

        try
        {
            await provider.DisposeAsync().AsTask().WaitAsync(runtime.Options.StopTimeout, runtime.TimeProvider).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            PluginLog.RetireHookFailed(runtime.Logger, exception, generation.Slot.Id, generation.Version, "Disposing its services");
        }
    }

    private async Task<bool> UnloadAsync(PluginGeneration generation)
    {
        var context = generation.Release();
        if (context is null)
        {
            return true;
        }

        if (await WaitForCollectionAsync(context, runtime.Options.UnloadTimeout).ConfigureAwait(false))
        {
            return true;
        }

        generation.Slot.RecordLeak();
        PluginLog.PluginLeaked(runtime.Logger, generation.Slot.Id, generation.Version, runtime.Options.UnloadTimeout);
        return false;
    }

    /// <summary>Collects garbage until the context is gone or the deadline passes.</summary>
    public static async Task<bool> WaitForCollectionAsync(WeakReference context, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            // Unloading takes more than one collection: the context's loader allocator is finalized first.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (!context.IsAlive)
            {
                // The last collection queued the finalizers that free the context's native memory (loader heaps,
                // compiled code). Run them now, inside the retirement: left to run on their own they overlap the
                // next load and slow it down (measured in a bare harness: a load right after a proof took 1.9-2.5 ms
                // instead of 1.1 ms).
                GC.WaitForPendingFinalizers();
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            // Real time, like the deadline: under a manual test clock the engine's time may never move, and a proof
            // that needs a second round would wait for ever.
            await Task.Delay(pause).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }
}
