using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Plugins;

/// <summary>A code plugin whose adapter answers synchronously with a cached result, so only the guard is measured.</summary>
public sealed class BenchChannelPlugin : ICrmPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context) =>
        services.AddSingleton<IChannelAdapter, BenchChannelAdapter>();
}

/// <summary>Answers every send with the same cached result.</summary>
public sealed class BenchChannelAdapter : IChannelAdapter
{
    private static readonly DeliveryResult Delivered = DeliveryResult.Delivered("bench-1");

    public string Channel => "bench";

    public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => new(Delivered);
}
