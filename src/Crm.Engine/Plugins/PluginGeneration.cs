using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace Crm.Engine.Plugins;

/// <summary>
/// One loaded version of one plugin: its context (for folder plugins), entry instance, service provider and guard
/// pipeline, plus the count of calls in flight that a swap waits for before it unloads the version.
/// </summary>
/// <remarks>
/// Everything that references the plugin's types hangs off this object and is dropped in <see cref="Release"/>, so
/// once a generation is retired nothing in the host keeps its context alive.
/// </remarks>
internal sealed class PluginGeneration
{
    private static readonly object NotProvided = new();
    private readonly object _resolveLock = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object?[] _instances = [];
    private int _inFlight;
    private int _draining;

    public PluginGeneration(PluginSlot slot, PluginManifest manifest, string fingerprint, string? shadowDirectory)
    {
        Slot = slot;
        Manifest = manifest;
        Fingerprint = fingerprint;
        ShadowDirectory = shadowDirectory;
    }

    public PluginSlot Slot { get; }

    public PluginManifest Manifest { get; }

    public string Version => Manifest.Version.Text;

    public string Fingerprint { get; }

    public string? ShadowDirectory { get; }

    /// <summary>Gets the bytes of the <c>plugin.json</c> this version was read from (folder plugins), so an unchanged manifest is not validated again.</summary>
    public byte[]? ManifestBytes { get; init; }

    public PluginLoadContext? Context { get; private set; }

    public ICrmPlugin? Plugin { get; set; }

    public ServiceProvider? Provider { get; set; }

    public ResiliencePipeline Pipeline { get; set; } = ResiliencePipeline.Empty;

    public PluginEventHandlers EventHandlers { get; set; } = PluginEventHandlers.None;

    public DateTimeOffset ActivatedAt { get; set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public IReadOnlyList<PluginAssemblyInfo> Assemblies => Context?.ResolvedAssemblies ?? [];

    public void AttachContext(PluginLoadContext context) => Context = context;

    /// <summary>Counts a call in; the caller must check the generation is still active afterwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter() => Interlocked.Increment(ref _inFlight);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _draining) != 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Waits for in-flight calls to finish; new calls no longer reach this generation once it is not active.</summary>
    /// <returns>Whether every call finished within the timeout.</returns>
    public async Task<bool> DrainAsync(TimeSpan timeout, TimeProvider timeProvider)
    {
        // Interlocked.Exchange is a full fence: a caller that counted itself in before the swap is seen here, and a
        // caller that counts itself in later sees the new active generation and backs out (see PluginSlot.Enter).
        Interlocked.Exchange(ref _draining, 1);
        if (Volatile.Read(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }

        try
        {
            await _drained.Task.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Gets the plugin's implementation of a service, resolved once per generation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TService? GetInstance<TService>(int index)
        where TService : class
    {
        var cache = Volatile.Read(ref _instances);
        if ((uint)index < (uint)cache.Length && cache[index] is { } cached)
        {
            return ReferenceEquals(cached, NotProvided) ? null : Unsafe.As<TService>(cached);
        }

        return Resolve<TService>(index);
    }

    /// <summary>Drops every reference to the plugin's objects and starts unloading its context.</summary>
    /// <returns>A weak reference to the context, to verify it is collected; <see langword="null"/> for code plugins.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference? Release()
    {
        Plugin = null;
        Provider = null;
        Pipeline = ResiliencePipeline.Empty;
        EventHandlers = PluginEventHandlers.None;
        Volatile.Write(ref _instances, []);
        var context = Context;
        Context = null;
        if (context is null)
        {
            return null;
        }

        context.Unload();
        return new WeakReference(context);
    }

    private TService? Resolve<TService>(int index)
        where TService : class
    {
        lock (_resolveLock)
        {
            var cache = _instances;
            if ((uint)index < (uint)cache.Length && cache[index] is { } cached)
            {
                return ReferenceEquals(cached, NotProvided) ? null : (TService)cached;
            }

            var instance = Provider?.GetService<TService>();
            var grown = new object?[Math.Max(cache.Length, index + 1)];
            cache.CopyTo(grown, 0);
            grown[index] = instance ?? NotProvided;
            Volatile.Write(ref _instances, grown);
            return instance;
        }
    }
}
