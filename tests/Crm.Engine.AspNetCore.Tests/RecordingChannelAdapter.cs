using Crm.Engine.Channels;

namespace Crm.Engine.AspNetCore.Tests;

/// <summary>A channel that delivers everything, so the outbox endpoints have a channel to enqueue for.</summary>
public sealed class RecordingChannelAdapter : IChannelAdapter
{
    public const string Name = "testsms";

    public string Channel => Name;

    public ValueTask<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DeliveryResult.Delivered("provider-" + Guid.NewGuid().ToString("N")));
}
