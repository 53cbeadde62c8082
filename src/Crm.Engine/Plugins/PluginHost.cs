using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Crm.Engine.Events;
using Crm.Engine.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine.Plugins;

/// <summary>
/// Loads plugins registered in code and found in plugin folders, keeps one slot per plugin id that routes calls to
/// the active version, watches the folders and swaps new versions in without downtime.
/// </summary>
/// <remarks>
/// All loads, reloads and removals run one at a time (under <see cref="_gate"/>), so the lifecycle logic never races
/// with itself; calls into plugins never take that lock. Retiring an old version (drain, stop, unload, verify) runs
/// in the background and is awaited when the host stops.
/// </remarks>
internal sealed class PluginHost : IPluginCatalog, IPluginServices, IAsyncDisposable
{
    private static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly IOptions<PluginHostOptions> _options;
    private readonly IReadOnlyList<ICodePluginRegistration> _codePlugins;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PluginSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PluginSlot> _folderSlots = new(PathComparer);
    private readonly ConcurrentDictionary<Task, byte> _retiring = new();
    private readonly ConcurrentDictionary<string, PreparedFolder> _prepared = new(PathComparer);
    private readonly List<string> _activationOrder = [];
    private readonly List<PluginDirectoryWatcher> _watchers = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private PluginHostRuntime? _runtime;
    private PluginActivator? _activator;
    private PluginUnloader? _unloader;
    private DebouncedWorkQueue? _changes;
    private Task _changeLoop = Task.CompletedTask;
    private IReadOnlyList<string> _roots = [];
    private string? _shadowRoot;
    private readonly bool _warmUp;
    private int _lifecycle;

    public PluginHost(
        IOptions<PluginHostOptions> options,
        IEnumerable<ICodePluginRegistration> codePlugins,
        IServiceProvider services,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
        : this(options, codePlugins, services, loggerFactory, timeProvider, warmUp: true)
    {
    }

    private PluginHost(
        IOptions<PluginHostOptions> options,
        IEnumerable<ICodePluginRegistration> codePlugins,
        IServiceProvider services,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        bool warmUp)
    {
        _warmUp = warmUp;
        _options = options;
        _codePlugins = [.. codePlugins];
        _services = services;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger("Crm.Engine.Plugins");
    }

    /// <summary>Raised after a plugin's state, version or last error changed; for tests and diagnostics.</summary>
    public event Action<PluginInfo>? PluginChanged;

    /// <summary>Gets how many file-system watchers or pollers the host runs: one per plugin root.</summary>
    public int WatcherCount => _watchers.Count;

    /// <summary>Gets a value indicating whether any root fell back to polling.</summary>
    public bool IsPolling => _watchers.Exists(w => w.IsPolling);

    /// <summary>Gets a task that completes when the start-up warm-up of the load and call paths has finished.</summary>
    public Task WarmUpCompleted { get; private set; } = Task.CompletedTask;

    /// <summary>Gets a value indicating whether a folder change is waiting for its quiet period or being processed.</summary>
    public bool HasPendingChanges => _changes?.IsBusy ?? false;

    /// <summary>
    /// Completes once no folder change is waiting for its quiet period or being processed (at once when none is), so a
    /// deploy tool or a test can wait for the host to settle without polling <see cref="HasPendingChanges"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the host is idle.</returns>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) =>
        _changes?.WhenIdleAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Gets a task that completes when every retirement started so far has finished.</summary>
    public Task RetirementsCompleted => Task.WhenAll(_retiring.Keys);

    /// <summary>Creates a quiet host that does not warm up: the warm-up runs one through the real folder path.</summary>
    public static PluginHost CreateForWarmUp(PluginHostOptions options, IServiceProvider services, TimeProvider timeProvider) =>
        new(Options.Create(options), [], services, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, timeProvider, warmUp: false);

    private PluginHostRuntime Runtime => _runtime ?? throw new InvalidOperationException("The plugin host has not been started; the engine starts it in InitializeAsync.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _lifecycle, 1, 0) != 0)
        {
            return;
        }

        // Reading Value runs the validators: an invalid option fails the start with every problem named.
        var options = _options.Value;
        _runtime = new PluginHostRuntime(options, _logger, _timeProvider);
        _shadowRoot = Path.GetFullPath(options.ShadowCopyDirectory ?? Path.Combine(Path.GetTempPath(), "crm-engine-plugins", $"{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(_shadowRoot);
        _unloader = new PluginUnloader(_runtime);
        _activator = new PluginActivator(_runtime, _services, _loggerFactory, _unloader, Track, _shadowRoot);
        _roots = [.. options.Directories.Select(Path.GetFullPath).Distinct(PathComparer)];
        // In the background: start-up is not held up when there is nothing to load yet.
        var runtime = _runtime;
        WarmUpCompleted = !_warmUp ? Task.CompletedTask : Task.Run(
            async () =>
            {
                try
                {
                    await PluginHostWarmUp.RunAsync(runtime).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    // Only a lost optimisation: the first real load pays the compilation instead.
                    PluginLog.WarmUpFailed(_logger, exception);
                }
            },
            CancellationToken.None);

        foreach (var root in _roots)
        {
            Directory.CreateDirectory(root);
        }

        if (options.EnableHotReload && _roots.Count > 0)
        {
            // Watch before the first scan so a deploy during start-up is not missed; unchanged folders are skipped
            // by fingerprint when the queued events are processed.
            _changes = new DebouncedWorkQueue(_timeProvider, options.ReloadDebounce);
            foreach (var root in _roots)
            {
                var watcher = new PluginDirectoryWatcher(root, _runtime, _changes.Post, RescanAll);
                watcher.Start();
                _watchers.Add(watcher);
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadInitialAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        if (_changes is not null)
        {
            _changeLoop = Task.Run(() => RunChangeLoopAsync(_changes, _stopping.Token), CancellationToken.None);
        }

        PluginLog.HostStarted(_logger, _slots.Values.Count(s => s.Active is not null), _roots.Count, _changes is not null);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _lifecycle, 2) != 1)
        {
            return;
        }

        await StopCoreAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _lifecycle, 2) == 1)
        {
            await StopCoreAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _gate.Dispose();
    }

    public IReadOnlyList<PluginInfo> GetPlugins() =>
        [.. _slots.Values.Concat(_folderSlots.Values)
            .Distinct()
            .Select(s => s.ToInfo())
            .OrderBy(p => p.Id, StringComparer.Ordinal)];

    public PluginInfo? FindPlugin(string pluginId)
    {
        ArgumentNullException.ThrowIfNull(pluginId);
        return _slots.TryGetValue(pluginId, out var slot) ? slot.ToInfo() : null;
    }

    public PluginService<TService> GetService<TService>(string pluginId)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(pluginId);
        return _slots.TryGetValue(pluginId, out var slot)
            ? slot.GetHandle<TService>()
            : throw new CrmPluginCallException(pluginId, typeof(TService).Name, PluginCallFailure.Unavailable,
                $"No plugin with id '{pluginId}' is known. Known plugins: {string.Join(", ", _slots.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}.");
    }

    public IReadOnlyList<PluginService<TService>> GetServices<TService>()
        where TService : class
    {
        var handles = new List<PluginService<TService>>();
        foreach (var slot in _slots.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            if (!slot.TryEnter(out var generation))
            {
                continue;
            }

            try
            {
                var handle = slot.GetHandle<TService>();
                if (((IPluginServiceHandle)handle).Warm(generation))
                {
                    handles.Add(handle);
                }
            }
            finally
            {
                generation.Exit();
            }
        }

        return handles;
    }

    /// <summary>Processes a change of one plugin folder now, bypassing the watcher and debounce (tests, tools).</summary>
    /// <remarks>A version prepared during a running debounce is discarded: the folder is read again.</remarks>
    public async Task ReloadFolderAsync(string folder, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fullPath = Path.GetFullPath(folder);
            DiscardPrepared(fullPath);
            await ProcessFolderAsync(fullPath, sequence: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LoadInitialAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<(PluginManifest Manifest, string Location, PluginSnapshot? Snapshot, ICodePluginRegistration? Code)>();
        foreach (var registration in _codePlugins.DistinctBy(r => r.PluginType))
        {
            var location = "code:" + registration.PluginType.FullName;
            try
            {
                candidates.Add((await CodePluginManifests.ReadAsync(registration.PluginType).ConfigureAwait(false), location, null, registration));
            }
            catch (CrmPluginLoadException exception)
            {
                RecordUnidentifiedFailure(location, registration.PluginType.Name, PluginSource.Code, exception);
            }
        }

        foreach (var root in _roots)
        {
            foreach (var folder in Directory.EnumerateDirectories(root).Order(PathComparer))
            {
                if (await ReadFolderAsync(folder).ConfigureAwait(false) is { } read)
                {
                    candidates.Add((read.Manifest, folder, read.Snapshot, null));
                }
            }
        }

        var ordered = DependencyOrder.Sort([.. candidates.Select(c => c.Manifest)], out var cycles);
        foreach (var candidate in candidates.Where(c => cycles.ContainsKey(c.Manifest.Id)))
        {
            var slot = ClaimSlot(candidate.Manifest, candidate.Location, candidate.Snapshot is null ? PluginSource.Code : PluginSource.Folder);
            Reject(slot, candidate.Manifest, new CrmPluginLoadException(candidate.Manifest.Id, candidate.Manifest.Source, "its dependencies form a cycle.",
                [PluginManifestReader.Locate(candidate.Manifest, "$.dependencies", $"Dependency cycle: {cycles[candidate.Manifest.Id]}. Remove one of these dependencies.", "dependencyCycle")]), isReload: false);
        }

        foreach (var manifest in ordered)
        {
            foreach (var candidate in candidates.Where(c => ReferenceEquals(c.Manifest, manifest)))
            {
                await LoadAsync(candidate.Manifest, candidate.Location, candidate.Snapshot, candidate.Code, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Snapshots a folder and reads its manifest; <see langword="null"/> when there is nothing to load.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="active">The active version: an identical snapshot is skipped, and an unchanged manifest is not read again.</param>
    private async Task<(PluginManifest Manifest, PluginSnapshot Snapshot)?> ReadFolderAsync(string folder, PluginGeneration? active = null)
    {
        PluginSnapshot snapshot;
        try
        {
            snapshot = PluginSnapshot.Take(folder);
        }
        catch (FileNotFoundException)
        {
            // A folder without plugin.json is not a plugin (yet): an operator may still be copying it.
            return null;
        }
        catch (PluginFolderChangingException)
        {
            PluginLog.FolderChanging(_logger, folder);
            _changes?.Post(folder);
            return null;
        }

        if (snapshot.Fingerprint == active?.Fingerprint)
        {
            // A touch, a rescan, or an event for the version already serving: nothing to do.
            return null;
        }

        try
        {
            var manifest = await ReadManifestAsync(snapshot, active).ConfigureAwait(false);
            return (manifest, snapshot);
        }
        catch (CrmPluginLoadException exception)
        {
            if (_folderSlots.TryGetValue(folder, out var existing) && existing.Active is not null)
            {
                // A bad manifest over an active plugin: keep serving the old version and report the new one's error.
                Reject(existing, null, exception, isReload: true);
            }
            else
            {
                RecordUnidentifiedFailure(folder, Path.GetFileName(folder), PluginSource.Folder, exception);
            }

            return null;
        }
    }

    /// <summary>
    /// Reads and validates the snapshot's manifest, or reuses the active version's when the bytes are the same: a
    /// manifest is a pure function of its bytes and path, and its schema validation is the largest part of a reload
    /// that changed only code.
    /// </summary>
    private static Task<PluginManifest> ReadManifestAsync(PluginSnapshot snapshot, PluginGeneration? active)
    {
        var bytes = snapshot.TryGetFile(PluginManifestReader.FileName)!;
        return active?.ManifestBytes is { } known && active.Manifest.Source == snapshot.ManifestPath && bytes.AsSpan().SequenceEqual(known)
            ? Task.FromResult(active.Manifest)
            : PluginManifestReader.ReadAsync(bytes, snapshot.ManifestPath);
    }

    private async Task RunChangeLoopAsync(DebouncedWorkQueue changes, CancellationToken cancellationToken)
    {
        try
        {
            await changes.RunAsync(
                (folder, sequence, token) => UnderGateAsync(folder, () => ProcessFolderAsync(folder, sequence, token), token),
                (folder, sequence, token) => UnderGateAsync(folder, () => PrepareFolderAsync(folder, sequence, token), token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task UnderGateAsync(string folder, Func<Task> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            PluginLog.FolderProcessingFailed(_logger, exception, folder);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs while a changed folder's debounce is still running, once it has settled: reads, validates and loads the new
    /// version beside the active one without starting it, so that at the end of the debounce only the hooks, the
    /// health check and the switch remain. Only reloads of an active folder plugin are prepared; anything unusual
    /// (folder still changing, bad manifest, unmet requirements, a failing load) is left to the reload at the end of
    /// the debounce, which repeats it and reports it.
    /// </summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="sequence">The number of the folder's last change notification.</param>
    /// <param name="cancellationToken">Stops the preparation when the host stops.</param>
    private async Task PrepareFolderAsync(string folder, long sequence, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        DiscardPrepared(folder);
        if (!_folderSlots.TryGetValue(folder, out var slot) || slot.Active is not { } active || !ReferenceEquals(_slots.GetValueOrDefault(slot.Id), slot))
        {
            return;
        }

        PluginSnapshot snapshot;
        try
        {
            snapshot = PluginSnapshot.Take(folder);
        }
        catch (Exception exception) when (exception is FileNotFoundException or PluginFolderChangingException)
        {
            return;
        }

        if (snapshot.Fingerprint == active.Fingerprint)
        {
            return;
        }

        PluginManifest manifest;
        JsonElement settings;
        try
        {
            manifest = await ReadManifestAsync(snapshot, active).ConfigureAwait(false);
            if (manifest.Id != slot.Id || FindRequirementErrors(manifest, out _).Count > 0)
            {
                return;
            }

            settings = ResolveSettings(manifest, snapshot);
        }
        catch (CrmPluginLoadException)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        PreparedActivation activation;
        try
        {
            var changes = _changes!;
            activation = _activator!.Prepare(slot, new PluginLoadRequest(manifest, snapshot, null, settings), speculative: true, () => changes.IsSuperseded(folder, sequence));
        }
        catch (CrmPluginLoadException)
        {
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A newer change arrived mid-way: its own settle period prepares it again.
            return;
        }

        _prepared[folder] = new PreparedFolder(sequence, manifest, snapshot, activation);
        PluginLog.VersionPrepared(_logger, slot.Id, manifest.Version.Text, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Takes the version prepared for a folder if it is still exactly what the folder holds.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="sequence">The number of the folder's last change notification; <see langword="null"/> for a reload not driven by the watcher.</param>
    private PreparedFolder? TakePrepared(string folder, long? sequence)
    {
        if (!_prepared.TryRemove(folder, out var prepared))
        {
            return null;
        }

        // No notification since the preparation read the folder, the same slot still owns it, and the files still have
        // the sizes and write times the snapshot saw (a cheap guard against a lost file event).
        if (prepared.Sequence == sequence &&
            _folderSlots.TryGetValue(folder, out var slot) &&
            ReferenceEquals(slot, prepared.Activation.Generation.Slot) &&
            slot.Active is not null &&
            prepared.Snapshot.IsUnchanged())
        {
            return prepared;
        }

        _activator!.Abandon(prepared.Activation);
        return null;
    }

    private void DiscardPrepared(string folder)
    {
        if (_prepared.TryRemove(folder, out var stale))
        {
            _activator!.Abandon(stale.Activation);
        }
    }

    private async Task ProcessFolderAsync(string folder, long? sequence, CancellationToken cancellationToken)
    {
        if (TakePrepared(folder, sequence) is { } prepared)
        {
            await LoadAsync(prepared.Manifest, folder, prepared.Snapshot, null, cancellationToken, prepared.Activation).ConfigureAwait(false);
            return;
        }

        _folderSlots.TryGetValue(folder, out var slot);
        if (!File.Exists(Path.Combine(folder, PluginManifestReader.FileName)))
        {
            if (slot is not null)
            {
                RemoveFolder(folder, slot);
            }

            return;
        }

        if (await ReadFolderAsync(folder, slot?.Active).ConfigureAwait(false) is not { } read)
        {
            return;
        }

        if (slot is not null && slot.Id != read.Manifest.Id && ReferenceEquals(_slots.GetValueOrDefault(slot.Id), slot))
        {
            // The folder now holds another plugin: retire the one it held, then load the new one as a new plugin.
            RemoveFolder(folder, slot);
        }

        await LoadAsync(read.Manifest, folder, read.Snapshot, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> LoadAsync(
        PluginManifest manifest,
        string location,
        PluginSnapshot? snapshot,
        ICodePluginRegistration? code,
        CancellationToken cancellationToken,
        PreparedActivation? prepared = null)
    {
        var source = code is null ? PluginSource.Folder : PluginSource.Code;
        var slot = ClaimSlot(manifest, location, source);
        if (!ReferenceEquals(_slots.GetValueOrDefault(manifest.Id), slot) || (prepared is not null && !ReferenceEquals(prepared.Generation.Slot, slot)))
        {
            if (prepared is not null)
            {
                _activator!.Abandon(prepared);
            }

            return false;
        }

        var previous = slot.Active;
        var isReload = previous is not null;
        using var activity = PluginTelemetry.Source.StartActivity(isReload ? "crm.plugin.reload" : "crm.plugin.load");
        activity?.SetTag(PluginTelemetry.PluginIdTag, manifest.Id);
        activity?.SetTag(PluginTelemetry.VersionTag, manifest.Version.Text);
        var started = Stopwatch.GetTimestamp();
        try
        {
            try
            {
                CheckRequirements(slot, manifest);
            }
            catch (CrmPluginLoadException)
            {
                if (prepared is not null)
                {
                    _activator!.Abandon(prepared);
                }

                throw;
            }

            var generation = prepared is not null
                ? await _activator!.CompleteAsync(prepared, previous, cancellationToken).ConfigureAwait(false)
                : await _activator!.ActivateAsync(slot, new PluginLoadRequest(manifest, snapshot, code, ResolveSettings(manifest, snapshot)), previous, cancellationToken).ConfigureAwait(false);
            var replaced = slot.Swap(generation);
            slot.ClearError();
            slot.MissingDependencies = [];
            SyncSubscriptions(slot, generation);
            lock (_activationOrder)
            {
                _activationOrder.Remove(slot.Id);
                _activationOrder.Add(slot.Id);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (replaced is null)
            {
                PluginLog.PluginLoaded(_logger, slot.Id, generation.Version, source, elapsed);
                PluginTelemetry.Count(PluginTelemetry.Loads, slot.Id, "activated");
            }
            else
            {
                PluginLog.PluginReloaded(_logger, slot.Id, replaced.Version, generation.Version, elapsed);
                PluginTelemetry.Count(PluginTelemetry.Reloads, slot.Id, "activated");
            }

            // Announce the new version before retiring the old one: the collection proof runs full garbage
            // collections, which must not delay anyone waiting for the switch.
            Notify(slot);
            if (replaced is not null)
            {
                Track(RetireReplacedAsync(slot, replaced));
            }

            RetryDependentsOf(slot.Id);
            return true;
        }
        catch (CrmPluginLoadException exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "rejected");
            Reject(slot, manifest, exception, isReload);
            return false;
        }
    }

    private PluginSlot ClaimSlot(PluginManifest manifest, string location, PluginSource source)
    {
        var slot = _slots.GetOrAdd(manifest.Id, id => new PluginSlot(id, source, location, Runtime));
        if (!PathComparer.Equals(slot.Location, location))
        {
            // Another folder (or a code registration) owns this id: report it on this folder, leave the owner alone.
            var message = new CrmPluginLoadException(manifest.Id, manifest.Source, $"id '{manifest.Id}' is already used by the plugin at '{slot.Location}'. Plugin ids must be unique; give one of them another id.");
            RecordUnidentifiedFailure(location, Path.GetFileName(location), source, message);
            return _folderSlots.GetValueOrDefault(location) ?? slot;
        }

        if (source == PluginSource.Folder)
        {
            _folderSlots[location] = slot;
        }

        if (slot.Active is null)
        {
            slot.LastManifest = manifest;
            slot.State = PluginState.Loading;
        }

        return slot;
    }

    private void CheckRequirements(PluginSlot slot, PluginManifest manifest)
    {
        var errors = FindRequirementErrors(manifest, out var missing);
        slot.MissingDependencies = missing;
        if (errors.Count > 0)
        {
            throw new CrmPluginLoadException(manifest.Id, manifest.Source, "its requirements are not met.", errors);
        }
    }

    /// <summary>Checks engine range, capabilities and dependencies against the host's current state, changing nothing.</summary>
    private List<ValidationError> FindRequirementErrors(PluginManifest manifest, out List<string> missing)
    {
        var errors = new List<ValidationError>();
        if (!manifest.EngineRange.Contains(EngineVersion.Current))
        {
            errors.Add(PluginManifestReader.Locate(manifest, "$.engine",
                $"The plugin supports engine versions '{manifest.EngineRange}', but this engine is {EngineVersion.Current}. Install a version of the plugin built for engine {EngineVersion.Current}, or upgrade the engine.",
                "engineRange"));
        }

        for (var i = 0; i < manifest.Capabilities.Count; i++)
        {
            if (Runtime.Options.DeniedCapabilities.Contains(manifest.Capabilities[i]))
            {
                errors.Add(PluginManifestReader.Locate(manifest, JsonPath.Index("$.capabilities", i),
                    $"Capability '{manifest.Capabilities[i]}' is denied by PluginHostOptions.DeniedCapabilities.", "capability"));
            }
        }

        missing = [];
        foreach (var dependency in manifest.Dependencies)
        {
            var path = JsonPath.Index("$.dependencies", dependency.Index);
            var active = _slots.GetValueOrDefault(dependency.Id)?.Active;
            if (active is null)
            {
                missing.Add(dependency.Id);
                errors.Add(PluginManifestReader.Locate(manifest, path + ".id",
                    $"Dependency '{dependency.Id}' ({dependency.Range}) is not loaded. Install it; this plugin loads as soon as it is active.", "dependencyMissing"));
            }
            else if (!dependency.Range.Contains(active.Manifest.Version))
            {
                errors.Add(PluginManifestReader.Locate(manifest, path + ".version",
                    $"Dependency '{dependency.Id}' must be '{dependency.Range}', but version {active.Version} is active.", "dependencyVersion"));
            }
        }

        var cycle = DependencyOrder.FindCycle(manifest.Id, id => id == manifest.Id
            ? manifest.Dependencies.Select(d => d.Id)
            : _slots.GetValueOrDefault(id)?.Active?.Manifest.Dependencies.Select(d => d.Id) ?? []);
        if (cycle is not null)
        {
            errors.Add(PluginManifestReader.Locate(manifest, "$.dependencies", $"Dependency cycle: {cycle}. Remove one of these dependencies.", "dependencyCycle"));
        }

        foreach (var dependent in _slots.Values)
        {
            if (dependent.Active?.Manifest.Dependencies.FirstOrDefault(d => d.Id == manifest.Id) is { } needs && !needs.Range.Contains(manifest.Version))
            {
                errors.Add(PluginManifestReader.Locate(manifest, "$.version",
                    $"Active plugin '{dependent.Id}' needs '{manifest.Id}' '{needs.Range}'; version {manifest.Version} would break it. Update '{dependent.Id}' first.", "dependentVersion"));
            }
        }

        return errors;
    }

    private JsonElement ResolveSettings(PluginManifest manifest, PluginSnapshot? snapshot)
    {
        if (Runtime.Options.Settings.TryGetValue(manifest.Id, out var configured))
        {
            return PluginSettingsValidator.Validate(manifest, configured, $"PluginHostOptions.Settings['{manifest.Id}']");
        }

        const string SettingsFile = "settings.json";
        if (snapshot?.TryGetFile(SettingsFile) is not { } bytes)
        {
            return PluginSettingsValidator.Validate(manifest, null, $"settings of '{manifest.Id}'");
        }

        var source = Path.Combine(snapshot.SourceDirectory, SettingsFile);
        try
        {
            using var document = JsonDocument.Parse(bytes, JsonPositionMap.DocumentOptions);
            return PluginSettingsValidator.Validate(manifest, document.RootElement.Clone(), source);
        }
        catch (JsonException exception)
        {
            throw new CrmPluginLoadException(manifest.Id, source, "its settings are not valid JSON.", [JsonPositionMap.FromSyntaxError(exception, source)]);
        }
    }

    private void SyncSubscriptions(PluginSlot slot, PluginGeneration generation)
    {
        var eventTypes = generation.EventHandlers.EventTypes;
        var bus = eventTypes.Count > 0 ? _services.GetService<ICrmEventBus>() : null;
        if (eventTypes.Count > 0 && bus is null)
        {
            PluginLog.NoEventBus(_logger, slot.Id);
        }

        slot.SyncSubscriptions(bus, eventTypes);
    }

    private void RemoveFolder(string folder, PluginSlot slot)
    {
        _folderSlots.TryRemove(folder, out _);
        if (!_slots.TryGetValue(slot.Id, out var owner) || !ReferenceEquals(owner, slot))
        {
            return;
        }

        slot.State = PluginState.Draining;
        var removed = slot.Swap(null);
        slot.SyncSubscriptions(null, []);
        Notify(slot);
        if (removed is not null)
        {
            Track(Task.Run(() => RetireRemovedAsync(slot, removed), CancellationToken.None));
        }
        else
        {
            slot.State = PluginState.Unloaded;
            Notify(slot);
        }
    }

    private async Task RetireRemovedAsync(PluginSlot slot, PluginGeneration removed)
    {
        await _unloader!.RetireAsync(removed, started: true).ConfigureAwait(false);
        if (slot.Active is null && slot.State == PluginState.Draining)
        {
            slot.State = PluginState.Unloaded;
            Notify(slot);
        }
    }

    private void Reject(PluginSlot slot, PluginManifest? manifest, CrmPluginLoadException exception, bool isReload)
    {
        slot.RecordError(exception.Message);
        if (slot.Active is null)
        {
            slot.State = PluginState.Failed;
            if (manifest is not null)
            {
                slot.LastManifest = manifest;
            }
        }

        var outcome = slot.Active is { } active
            ? $"version {active.Version} keeps serving"
            : "the engine runs without it";
        PluginLog.PluginRejected(_logger, slot.Id, outcome, exception.Message);
        PluginTelemetry.Count(isReload ? PluginTelemetry.Reloads : PluginTelemetry.Loads, slot.Id, "rejected");
        Notify(slot);
    }

    private void RecordUnidentifiedFailure(string location, string name, PluginSource source, CrmPluginLoadException exception)
    {
        var slot = _folderSlots.GetOrAdd(location, _ => new PluginSlot(name, source, location, Runtime));
        Reject(slot, null, exception, isReload: false);
    }

    private void RetryDependentsOf(string pluginId)
    {
        foreach (var waiting in _slots.Values)
        {
            if (waiting.Active is null && waiting.Source == PluginSource.Folder && waiting.MissingDependencies.Contains(pluginId))
            {
                _changes?.Post(waiting.Location);
            }
        }
    }

    private void RescanAll()
    {
        foreach (var folder in _roots.SelectMany(r => Directory.Exists(r) ? Directory.EnumerateDirectories(r) : []).Concat(_folderSlots.Keys))
        {
            _changes?.Post(folder);
        }
    }

    /// <summary>
    /// After <see cref="PluginUnloader.SwapGrace"/>, stocks the slot's spare guard pipeline and retires the replaced
    /// version (drain, stop, unload, collection proof); the swap never waits for any of it.
    /// </summary>
    private async Task RetireReplacedAsync(PluginSlot slot, PluginGeneration replaced)
    {
        // Real time, not the engine's clock: a grace for the scheduler, which a manual clock would never end. Until it
        // passes, nothing of the old version's retirement runs beside the new version's first calls on a second core
        // (the collection proof's full collections paused whoever waited for the switch by 2-12 ms on a loaded machine).
        await Task.Delay(PluginUnloader.SwapGrace).ConfigureAwait(false);

        // The next reload takes this pipeline instead of building one on its way to the switch.
        slot.StockSparePipeline();
        await _unloader!.RetireAsync(replaced, started: true).ConfigureAwait(false);
    }

    private void Track(Task retirement)
    {
        _retiring.TryAdd(retirement, 0);
        retirement.ContinueWith(
            static (task, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(task, out _),
            _retiring,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Notify(PluginSlot slot) => PluginChanged?.Invoke(slot.ToInfo());

    private async Task StopCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        await _changeLoop.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var folder in _prepared.Keys)
            {
                DiscardPrepared(folder);
            }

            List<string> order;
            lock (_activationOrder)
            {
                order = [.. _activationOrder];
            }

            // Dependents were activated after their dependencies: stop in reverse.
            for (var i = order.Count - 1; i >= 0; i--)
            {
                if (_slots.TryGetValue(order[i], out var slot) && slot.Swap(null) is { } generation)
                {
                    slot.State = PluginState.Draining;
                    slot.SyncSubscriptions(null, []);
                    await _unloader!.RetireAsync(generation, started: true).ConfigureAwait(false);
                    slot.State = PluginState.Unloaded;
                }
            }

            await Task.WhenAll(_retiring.Keys).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        PluginUnloader.DeleteShadowCopy(_shadowRoot);
    }

    /// <summary>A new version of a folder plugin prepared during its debounce.</summary>
    /// <param name="Sequence">The number of the last change notification the preparation covers.</param>
    /// <param name="Manifest">The new version's manifest.</param>
    /// <param name="Snapshot">The folder snapshot it was loaded from.</param>
    /// <param name="Activation">The loaded, not yet started version.</param>
    private sealed record PreparedFolder(long Sequence, PluginManifest Manifest, PluginSnapshot Snapshot, PreparedActivation Activation);
}
