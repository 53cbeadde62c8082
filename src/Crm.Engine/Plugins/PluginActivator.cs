using System.Reflection;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Plugins;

/// <summary>
/// Creates one version of a plugin beside any active one and proves it can serve before it takes calls: load the
/// entry assembly into a new context, construct the entry type, let it register its services, build its provider,
/// run the upgrade and start hooks and its health check, each under its time limit. Any failure discards the version
/// and leaves the active one serving.
/// </summary>
internal sealed class PluginActivator(PluginHostRuntime runtime, IServiceProvider hostServices, ILoggerFactory loggerFactory, PluginUnloader unloader, Action<Task> trackRetirement, string shadowRoot)
{
    private int _sequence;

    public async Task<PluginGeneration> ActivateAsync(PluginSlot slot, PluginLoadRequest request, PluginGeneration? previous, CancellationToken cancellationToken)
    {
        var prepared = Prepare(slot, request, speculative: false);
        return await CompleteAsync(prepared, previous, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Does everything that runs none of the plugin's lifecycle hooks: new context, entry assembly, construction,
    /// service registration, provider, guard pipeline. The result takes no calls until <see cref="CompleteAsync"/>.
    /// </summary>
    /// <param name="slot">The plugin's slot.</param>
    /// <param name="request">What to load.</param>
    /// <param name="speculative">
    /// Whether this runs during the debounce, off the critical path: the plugin's hooks and services are compiled ahead
    /// of their first call (which moves the compilation out of the time from a deploy to the switch), and a failure is
    /// retired quietly, because the reload at the end of the debounce repeats it and reports it.
    /// </param>
    /// <param name="superseded">
    /// For a speculative preparation: tells whether a newer change made it pointless; checked between steps, which
    /// then stop with <see cref="OperationCanceledException"/>, so a change mid-way does not hold up the next one.
    /// </param>
    /// <returns>The prepared version.</returns>
    public PreparedActivation Prepare(PluginSlot slot, PluginLoadRequest request, bool speculative, Func<bool>? superseded = null)
    {
        var manifest = request.Manifest;
        var shadowDirectory = request.Snapshot is null
            ? null
            : Path.Combine(shadowRoot, $"{manifest.Id}-{manifest.Version.Text.Replace('+', '_')}-{Interlocked.Increment(ref _sequence)}");
        var generation = new PluginGeneration(slot, manifest, request.Fingerprint, shadowDirectory)
        {
            ManifestBytes = request.Snapshot?.TryGetFile(PluginManifestReader.FileName),
        };
        try
        {
            var plugin = request.CodePlugin is { } code ? Construct(manifest, code) : LoadFromFolder(generation, request.Snapshot!);
            generation.Plugin = plugin;
            StopIfSuperseded(superseded);
            var context = new PluginContext(manifest.Id, manifest.Version.Text, request.Settings, manifest.Capabilities);
            var services = CreateServiceCollection(context, manifest);
            Configure(plugin, services, context, manifest);
            StopIfSuperseded(superseded);
            var eventTypes = CheckEventHandlers(services, manifest);
            generation.Provider = Build(services, manifest);
            generation.Pipeline = slot.TakePipeline();
            if (speculative)
            {
                // Off the critical path, during the debounce. A reload that is not speculative compiles on first use
                // instead: compiling on the other core while this thread loads types and builds the provider made a
                // warm re-creation 0.35-0.8 ms slower (loader locks and the second core contended for), see
                // docs/benchmarks.md.
                StopIfSuperseded(superseded);
                PluginPrecompiler.Precompile(plugin, services, superseded);
            }

            return new PreparedActivation(generation, eventTypes);
        }
        catch (Exception exception)
        {
            var failure = Discard(generation, started: false, exception, abandoned: speculative);
            if (ReferenceEquals(failure, exception))
            {
                throw;
            }

            throw failure;
        }
    }

    /// <summary>
    /// Runs the prepared version's upgrade and start hooks and its health check, each under its time limit, and
    /// resolves the services callers already hold handles for. Afterwards the version is ready to be swapped in.
    /// </summary>
    public async Task<PluginGeneration> CompleteAsync(PreparedActivation prepared, PluginGeneration? previous, CancellationToken cancellationToken)
    {
        var generation = prepared.Generation;
        var manifest = generation.Manifest;
        var plugin = generation.Plugin!;
        var provider = generation.Provider!;
        var started = false;
        try
        {
            if (previous?.Plugin is { } previousPlugin && previous.Provider is { } previousProvider)
            {
                var state = await PluginHooks.RunAsync(
                    runtime, previous.Manifest, "ExportStateAsync", runtime.Options.UpgradeTimeout, nameof(PluginHostOptions.UpgradeTimeout),
                    token => previousPlugin.ExportStateAsync(previousProvider, token).AsTask(), cancellationToken).ConfigureAwait(false);
                var upgrade = new PluginUpgradeContext(previous.Version, state);
                await PluginHooks.RunAsync(
                    runtime, manifest, "UpgradeAsync", runtime.Options.UpgradeTimeout, nameof(PluginHostOptions.UpgradeTimeout),
                    token => plugin.UpgradeAsync(upgrade, provider, token), cancellationToken).ConfigureAwait(false);
            }

            started = true;
            await PluginHooks.RunAsync(
                runtime, manifest, "StartAsync", runtime.Options.StartTimeout, nameof(PluginHostOptions.StartTimeout),
                token => plugin.StartAsync(provider, token), cancellationToken).ConfigureAwait(false);
            await CheckHealthAsync(provider, manifest, cancellationToken).ConfigureAwait(false);

            generation.EventHandlers = PluginEventHandlers.Resolve(prepared.EventTypes, provider);
            generation.Slot.WarmHandles(generation);
            return generation;
        }
        catch (Exception exception)
        {
            var failure = Discard(generation, started, exception);
            if (ReferenceEquals(failure, exception))
            {
                throw;
            }

            throw failure;
        }
    }

    private static void StopIfSuperseded(Func<bool>? superseded)
    {
        if (superseded?.Invoke() == true)
        {
            throw new OperationCanceledException("A newer change of the plugin folder superseded this preparation.");
        }
    }

    /// <summary>Retires a prepared version that will never serve, quietly: it was neither loaded nor rejected.</summary>
    public void Abandon(PreparedActivation prepared) =>
        trackRetirement(Task.Run(() => unloader.RetireAsync(prepared.Generation, started: false, abandoned: true), CancellationToken.None));

    private Exception Discard(PluginGeneration generation, bool started, Exception exception, bool abandoned = false)
    {
        // The rejected version never served: stop it if it started, unload it and check it is collected, in the
        // background so the active version's callers and the next reload are not held up.
        trackRetirement(Task.Run(() => unloader.RetireAsync(generation, started, abandoned), CancellationToken.None));
        if (exception is CrmPluginLoadException or OperationCanceledException)
        {
            return exception;
        }

        var manifest = generation.Manifest;
        return new CrmPluginLoadException(manifest.Id, manifest.Source, $"version {manifest.Version} failed to load: {exception.GetType().Name}: {exception.Message}", exception);
    }

    private static ICrmPlugin LoadFromFolder(PluginGeneration generation, PluginSnapshot snapshot)
    {
        var manifest = generation.Manifest;
        var entryAssembly = Path.GetRelativePath(snapshot.SourceDirectory, Path.GetFullPath(manifest.EntryAssembly, snapshot.SourceDirectory));
        if (snapshot.TryGetFile(entryAssembly) is not { } image)
        {
            throw Located(manifest, "$.entry.assembly", $"The entry assembly '{manifest.EntryAssembly}' is not in the plugin folder '{snapshot.SourceDirectory}'.", "entryAssembly");
        }

        // The entry assembly loads from the snapshot's bytes; the shadow copy exists only for what a resolver may
        // have to find on disk (dependencies, native libraries), so a plugin without such files costs no disk writes.
        string? shadow = null;
        string? entryPath = null;
        if (snapshot.HasFilesToResolve(entryAssembly))
        {
            shadow = generation.ShadowDirectory!;
            snapshot.WriteTo(shadow);
            entryPath = Path.Combine(shadow, entryAssembly);
        }

        var context = new PluginLoadContext(manifest.Id, manifest.Version.Text, shadow, entryPath, SharedAssemblies.Instance);
        generation.AttachContext(context);
        Assembly assembly;
        try
        {
            assembly = context.LoadEntryAssembly(image, snapshot.TryGetFile(Path.ChangeExtension(entryAssembly, ".pdb")));
        }
        catch (BadImageFormatException exception)
        {
            throw new CrmPluginLoadException(manifest.Id, Path.Combine(snapshot.SourceDirectory, manifest.EntryAssembly), "the entry assembly is not a valid .NET assembly (corrupt, partly written, or built for another runtime). Deploy it again, ideally by writing a temporary file and renaming it over the old one.", exception);
        }

        Type? type;
        try
        {
            type = assembly.GetType(manifest.EntryType, throwOnError: false);
        }
        catch (Exception exception) when (exception is FileLoadException or FileNotFoundException or TypeLoadException or BadImageFormatException)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"entry type '{manifest.EntryType}' could not be loaded: {exception.Message}", exception);
        }

        if (type is null)
        {
            throw Located(manifest, "$.entry.type", $"Type '{manifest.EntryType}' is not in '{manifest.EntryAssembly}'. Use the full name (namespace and type) of the class implementing ICrmPlugin.", "entryType");
        }

        if (!typeof(ICrmPlugin).IsAssignableFrom(type))
        {
            throw Located(manifest, "$.entry.type", $"Type '{manifest.EntryType}' does not implement Crm.Engine.Plugins.ICrmPlugin from the host's Crm.Engine.Abstractions {typeof(ICrmPlugin).Assembly.GetName().Version}.", "entryType");
        }

        try
        {
            return (ICrmPlugin)Activator.CreateInstance(type)!;
        }
        catch (MissingMethodException exception)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"entry type '{manifest.EntryType}' has no public parameterless constructor; add one and register dependencies in ConfigureServices instead.", exception);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is { } inner)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"the constructor of '{manifest.EntryType}' threw {inner.GetType().Name}: {inner.Message}", inner);
        }
    }

    private static ICrmPlugin Construct(PluginManifest manifest, ICodePluginRegistration registration)
    {
        try
        {
            return registration.Create();
        }
        catch (Exception exception)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"the constructor of '{registration.PluginType.FullName}' threw {exception.GetType().Name}: {exception.Message}", exception);
        }
    }

    private ServiceCollection CreateServiceCollection(PluginContext context, PluginManifest manifest)
    {
        // Only what the plugin is granted: it cannot reach the rest of the host's container.
        var services = new ServiceCollection();
        services.AddSingleton(context);
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(runtime.TimeProvider);
        if (manifest.Capabilities.Contains(PluginCapabilities.EventsPublish) && hostServices.GetService<ICrmEventBus>() is { } bus)
        {
            services.AddSingleton(bus);
        }

        if (PluginCrmEngine.ForPlugin(manifest, hostServices.GetService<ICrmEngine>()) is { } crm)
        {
            services.AddSingleton<ICrmEngine>(crm);
        }

        if (manifest.Capabilities.Contains(PluginCapabilities.Storage) && hostServices.GetService<IStorageProvider>() is { } storage)
        {
            services.AddSingleton(storage);
        }

        // Loyalty programs run the earn rules other plugins and code contribute (support branch, docs/loyalty.md).
        if (manifest.Kinds.Contains("loyalty") && hostServices.GetService<Loyalty.ILoyaltyRuleContributions>() is { } loyaltyRules)
        {
            services.AddSingleton(loyaltyRules);
        }

        return services;
    }

    private static void Configure(ICrmPlugin plugin, ServiceCollection services, PluginContext context, PluginManifest manifest)
    {
        try
        {
            plugin.ConfigureServices(services, context);
        }
        catch (Exception exception)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"ConfigureServices of version {manifest.Version} threw {exception.GetType().Name}: {exception.Message}", exception);
        }
    }

    private static List<Type> CheckEventHandlers(ServiceCollection services, PluginManifest manifest)
    {
        var eventTypes = PluginEventHandlers.FindEventTypes(services);
        if (eventTypes.Count > 0 && !manifest.Capabilities.Contains(PluginCapabilities.EventsSubscribe))
        {
            throw Located(manifest, "$.capabilities", $"The plugin registers handlers for {string.Join(", ", eventTypes.Select(t => t.Name))} but does not ask for capability '{PluginCapabilities.EventsSubscribe}'. Add it to 'capabilities'.", "capability");
        }

        var pluginOwned = eventTypes.Find(t => t.Assembly.IsCollectible);
        return pluginOwned is null
            ? eventTypes
            : throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"the plugin handles its own event type '{pluginOwned.FullName}', which the engine never publishes. Handle event types from Crm.Engine.Abstractions.");
    }

    private static ServiceProvider Build(ServiceCollection services, PluginManifest manifest)
    {
        try
        {
            return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        }
        catch (Exception exception) when (exception is AggregateException or InvalidOperationException)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"its services do not resolve: {exception.Message}", exception);
        }
    }

    private async Task CheckHealthAsync(ServiceProvider provider, PluginManifest manifest, CancellationToken cancellationToken)
    {
        if (provider.GetService<IPluginHealthCheck>() is not { } check)
        {
            return;
        }

        var result = await PluginHooks.RunAsync(
            runtime, manifest, "CheckHealthAsync", runtime.Options.HealthCheckTimeout, nameof(PluginHostOptions.HealthCheckTimeout),
            token => check.CheckHealthAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
        if (!result.IsHealthy)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, $"version {manifest.Version} reported itself unhealthy: {result.Description ?? "no reason given"}.");
        }
    }

    private static CrmPluginLoadException Located(PluginManifest manifest, string path, string message, string rule) =>
        new(manifest.Id, manifest.Source, "the manifest does not match the plugin.", [PluginManifestReader.Locate(manifest, path, message, rule)]);
}
