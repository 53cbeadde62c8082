using Crm.Engine.Channels;
using Crm.Engine.Testing.Time;
using Crm.Plugins.Channels.Testing;

namespace Crm.Plugins.Channels.Social.Tests.Infrastructure;

/// <summary>A fake server, a manual clock shared with it, captured logs, and the plugin's parts wired to them.</summary>
internal sealed class SocialTestContext : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<IDisposable> _owned = [];

    private SocialTestContext(FakeMastodon server, ManualTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public FakeMastodon Server { get; }

    public ManualTimeProvider Time { get; }

    public ListLoggerFactory Logs { get; } = new();

    public static async Task<SocialTestContext> StartAsync()
    {
        var time = new ManualTimeProvider(Start);
        return new SocialTestContext(await FakeMastodon.StartAsync(time), time);
    }

    public SocialChannelOptions Options(Action<SocialChannelOptions>? configure = null)
    {
        var options = new SocialChannelOptions { InstanceUrl = Server.BaseAddress, AccessToken = FakeMastodon.Token };
        configure?.Invoke(options);
        return options;
    }

    public SocialChannelAdapter Adapter(Action<SocialChannelOptions>? configure = null) =>
        Own(new SocialChannelAdapter(Options(configure), Time, Logs.CreateLogger<SocialChannelAdapter>()));

    public SocialInboundPoller Poller(Action<SocialChannelOptions>? configure = null) =>
        Own(new SocialInboundPoller(Options(configure), Time, Logs.CreateLogger<SocialInboundPoller>()));

    public static OutboundMessage Message(string recipient = "@ana@remote.example", string text = "Your order shipped", string? key = null, IReadOnlyDictionary<string, string>? headers = null) => new()
    {
        TenantId = "t1",
        Recipient = recipient,
        TextBody = text,
        IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
        Headers = headers ?? new Dictionary<string, string>(),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        await Server.DisposeAsync();
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
