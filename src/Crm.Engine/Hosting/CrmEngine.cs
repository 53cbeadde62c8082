using System.Diagnostics;
using Crm.Engine.Events;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Engine;

/// <summary>
/// Owns storage initialization and the lifetime of engine components, and hands out per-caller contexts.
/// </summary>
internal sealed class CrmEngine : ICrmEngine
{
    private readonly IServiceProvider _services;
    private readonly ILogger<CrmEngine> _logger;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private readonly List<ICrmEngineComponent> _started = [];
    private volatile bool _initialized;
    private bool _disposed;
    private ICrmEventBus? _events;

    public CrmEngine(IServiceProvider services, ILogger<CrmEngine> logger)
    {
        _services = services;
        _logger = logger;
    }

    internal IServiceProvider Services => _services;

    internal IStorageProvider Storage => _services.GetService<IStorageProvider>()
        ?? throw new InvalidOperationException(
            "No storage provider is configured. Call UseSqliteStorage(...) (package Crm.Plugins.Storage.Sqlite) or another Use*Storage method on the builder returned by AddCrmEngine().");

    internal CrmEngineOptions Options => _services.GetRequiredService<IOptions<CrmEngineOptions>>().Value;

    internal TimeProvider Time => _services.GetRequiredService<TimeProvider>();

    /// <summary>Gets the bus services publish through: it holds events back inside a unit of work until the commit.</summary>
    internal ICrmEventBus Events => _events ??= new DeferringEventBus(this, EventBus);

    /// <summary>Gets the bus itself, publishing at once.</summary>
    internal ICrmEventBus EventBus => _services.GetRequiredService<ICrmEventBus>();

    /// <summary>Gets the permission checks every service makes before it reads or writes.</summary>
    internal CrmAccessControl Access => _services.GetRequiredService<CrmAccessControl>();

    internal ILoggerFactory LoggerFactory => _services.GetRequiredService<ILoggerFactory>();

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            var started = Stopwatch.GetTimestamp();
            var options = Options; // validates options, failing with the option's name
            var storage = Storage;
            if (options.MigrateStorageOnInitialize)
            {
                await storage.InitializeAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var component in _services.GetServices<ICrmEngineComponent>())
            {
                try
                {
                    await component.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    EngineLog.ComponentStartFailed(_logger, e, component.GetType().Name);
                    await StopComponentsAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                _started.Add(component);
            }

            _initialized = true;
            EngineLog.Initialized(_logger, storage.Name, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    public ICrmContext ForCaller(CrmCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(caller.TenantId, nameof(caller));
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new CrmContext(this, caller);
    }

    internal async ValueTask<IStorageSession> OpenSessionAsync(CrmCaller caller, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var unit = AmbientUnitOfWork.Current;
        if (unit is not null && ReferenceEquals(unit.Engine, this))
        {
            return unit.Lease(caller.TenantId);
        }

        return await Storage.OpenSessionAsync(caller.TenantId, cancellationToken).ConfigureAwait(false);
    }

    internal ILogger CreateLogger(string category) => LoggerFactory.CreateLogger(category);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _initializeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await StopComponentsAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    private async Task StopComponentsAsync(CancellationToken cancellationToken)
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One component failing to stop must not keep the others running.
            catch (Exception e)
#pragma warning restore CA1031
            {
                EngineLog.ComponentStopFailed(_logger, e, _started[i].GetType().Name);
            }
        }

        _started.Clear();
    }
}
