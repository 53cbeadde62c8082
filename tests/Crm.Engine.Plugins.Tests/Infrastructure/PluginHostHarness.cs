using Crm.Engine.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>
/// A plugin host built the way an application builds it (service collection, builder extensions, engine component),
/// over a temporary plugin root, with captured logs and helpers that await state changes instead of sleeping.
/// </summary>
internal sealed class PluginHostHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private PluginHostHarness(TempDirectory temp, ServiceProvider provider, ListLoggerFactory logs)
    {
        _temp = temp;
        Provider = provider;
        Logs = logs;
        Host = provider.GetRequiredService<PluginHost>();
    }

    public static TimeSpan DefaultWait { get; } = TimeSpan.FromSeconds(30);

    public string Root => _temp.Combine("plugins");

    public ServiceProvider Provider { get; }

    public PluginHost Host { get; }

    public ListLoggerFactory Logs { get; }

    public static PluginHostHarness Create(
        Action<PluginHostOptions>? configure = null,
        Action<ICrmEngineBuilder>? build = null,
        Action<IServiceCollection>? services = null,
        bool withDirectory = true)
    {
        var temp = new TempDirectory();
        var logs = new ListLoggerFactory();
        var collection = new ServiceCollection();
        collection.AddSingleton<ILoggerFactory>(logs);
        services?.Invoke(collection);
        var builder = new TestEngineBuilder(collection);
        if (withDirectory)
        {
            builder.AddPluginsFromDirectory(temp.Combine("plugins"), options =>
            {
                options.ReloadDebounce = TimeSpan.FromMilliseconds(50);
                options.ShadowCopyDirectory = temp.Combine("shadow");
                configure?.Invoke(options);
            });
        }

        build?.Invoke(builder);
        Directory.CreateDirectory(temp.Combine("plugins"));
        return new PluginHostHarness(temp, collection.BuildServiceProvider(), logs);
    }

    public string Copy(string fixture, string? folderName = null) => Fixtures.CopyTo(fixture, Root, folderName);

    /// <summary>Starts the host the way the engine does: through its <see cref="ICrmEngineComponent"/>.</summary>
    public async Task StartAsync()
    {
        foreach (var component in Provider.GetServices<ICrmEngineComponent>())
        {
            await component.StartAsync(CancellationToken.None);
        }
    }

    public PluginService<IChannelAdapter> Channel(string pluginId) => Host.GetService<IChannelAdapter>(pluginId);

    public PluginInfo Plugin(string id) =>
        Host.GetPlugins().SingleOrDefault(p => p.Id == id) ?? throw new InvalidOperationException($"Plugin '{id}' is not in the catalog: {string.Join(", ", Host.GetPlugins().Select(p => p.Id))}.");

    /// <summary>Waits until the catalog shows the plugin in a state the predicate accepts.</summary>
    public async Task<PluginInfo> WaitForAsync(string id, Func<PluginInfo, bool> predicate, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource<PluginInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(PluginInfo info)
        {
            if (info.Id == id && predicate(info))
            {
                reached.TrySetResult(info);
            }
        }

        Host.PluginChanged += OnChanged;
        try
        {
            if (Host.GetPlugins().FirstOrDefault(p => p.Id == id) is { } current && predicate(current))
            {
                return current;
            }

            return await reached.Task.WaitAsync(timeout ?? DefaultWait);
        }
        catch (TimeoutException)
        {
            var last = Host.GetPlugins().FirstOrDefault(p => p.Id == id);
            throw new TimeoutException($"Plugin '{id}' did not reach the expected state; last seen: {last}");
        }
        finally
        {
            Host.PluginChanged -= OnChanged;
        }
    }

    /// <summary>Waits, with a deadline, until no folder change is waiting for its quiet period or being processed.</summary>
    public async Task WaitUntilIdleAsync(TimeSpan? timeout = null)
    {
        try
        {
            await Host.WhenIdleAsync().WaitAsync(timeout ?? DefaultWait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The plugin host still had folder changes pending at the deadline.");
        }
    }

    public static ValueTask<DeliveryResult> SendAsync(PluginService<IChannelAdapter> channel, string? subject = null, string key = "k", IReadOnlyDictionary<string, string>? headers = null, CancellationToken cancellationToken = default) =>
        channel.InvokeAsync(Message(subject, key, headers), static (adapter, message, token) => adapter.SendAsync(message, token), cancellationToken);

    /// <summary>
    /// Runs a call expected to fail and returns what the failure said, without keeping the exception: one that wraps a
    /// plugin's exception would pin the plugin's context until the test ends.
    /// </summary>
    public static async Task<CallFailure> FailureOfAsync(Func<ValueTask> call)
    {
        try
        {
            await call();
        }
        catch (CrmPluginCallException exception)
        {
            return new CallFailure(exception.Failure, exception.PluginId, exception.ServiceType, exception.Message, exception.InnerException?.GetType().Name, exception.CallNotAttempted);
        }

        throw new Xunit.Sdk.XunitException("The call was expected to fail with CrmPluginCallException.");
    }

    public static OutboundMessage Message(string? subject = null, string key = "k", IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        TenantId = "t1",
        Recipient = "+15550100",
        Subject = subject,
        TextBody = "plugin_host",
        IdempotencyKey = key,
        Headers = headers ?? new Dictionary<string, string>(),
    };

    /// <summary>Gets or sets a value indicating whether disposing skips the check that every unloaded context was collected.</summary>
    public bool AllowLeaks { get; set; }

    /// <summary>Stops the host and checks that every context it unloaded, during the test or now, was collected.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(CancellationToken.None);
            var leaks = Logs.WithEventId(3005).Select(e => e.Message).ToList();
            if (!AllowLeaks && leaks.Count > 0)
            {
                throw new InvalidOperationException("Unloaded plugin contexts were not collected: " + string.Join(" | ", leaks));
            }
        }
        finally
        {
            await Provider.DisposeAsync();
            _temp.Dispose();
        }
    }

    internal sealed record CallFailure(PluginCallFailure Failure, string PluginId, string ServiceType, string Message, string? InnerType, bool CallNotAttempted);
}
