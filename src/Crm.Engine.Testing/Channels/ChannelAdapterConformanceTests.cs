using Crm.Engine.Channels;
using Xunit;

namespace Crm.Engine.Testing.Channels;

/// <summary>
/// Checks that a channel adapter behaves as the outbox relies on: it delivers and returns the provider's message id,
/// reports refusals as typed results instead of throwing, sends the same idempotency key at most once, honours
/// cancellation, and is safe to call concurrently.
/// </summary>
/// <remarks>
/// Enroll an adapter with one line:
/// <code>public sealed class SmtpAdapterConformance(SmtpFixture fixture) : ChannelAdapterConformanceTests&lt;SmtpFixture&gt;(fixture);</code>
/// </remarks>
/// <typeparam name="TFixture">The fixture that creates the adapter and its sink.</typeparam>
public abstract class ChannelAdapterConformanceTests<TFixture> : IClassFixture<TFixture>
    where TFixture : class, IChannelAdapterFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>Initializes the tests with the shared fixture.</summary>
    /// <param name="fixture">The fixture xunit created for the test class.</param>
    protected ChannelAdapterConformanceTests(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Fixture = fixture;
    }

    /// <summary>Gets the fixture.</summary>
    protected TFixture Fixture { get; }

    /// <summary>Creates a message to the fixture's valid recipient with a fresh idempotency key.</summary>
    /// <param name="text">The text body.</param>
    /// <returns>The message.</returns>
    protected virtual OutboundMessage NewMessage(string text) => new()
    {
        TenantId = "conformance",
        Recipient = Fixture.ValidRecipient,
        Subject = "Conformance " + text,
        TextBody = text,
        IdempotencyKey = "conformance-" + Guid.NewGuid().ToString("N"),
    };

    /// <summary>Checks that the adapter names a channel.</summary>
    [Fact]
    public virtual void Channel_IsNamed() => Assert.False(string.IsNullOrWhiteSpace(Fixture.Adapter.Channel));

    /// <summary>Checks that a send is delivered with a provider id and that the provider side receives the text.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Send_ValidRecipient_DeliversWithProviderIdAndText()
    {
        var text = "Hello from the conformance kit " + Guid.NewGuid().ToString("N");
        var message = NewMessage(text);
        var result = await Fixture.Adapter.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        Assert.True(result.IsDelivered, result.FailureReason);
        Assert.False(string.IsNullOrEmpty(result.ProviderMessageId));
        var received = await Fixture.ReceivedAsync(message.IdempotencyKey, 1, Wait, CancellationToken.None).ConfigureAwait(false);
        var single = Assert.Single(received);
        Assert.Contains(text, single.Text, StringComparison.Ordinal);
    }

    /// <summary>Checks that sending the same idempotency key twice reaches the provider once and reports the same id.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Send_SameIdempotencyKeyTwice_ReachesProviderOnce()
    {
        var message = NewMessage("once " + Guid.NewGuid().ToString("N"));
        var first = await Fixture.Adapter.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        var second = await Fixture.Adapter.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        Assert.True(first.IsDelivered, first.FailureReason);
        Assert.True(second.IsDelivered, second.FailureReason);
        Assert.Equal(first.ProviderMessageId, second.ProviderMessageId);
        var marker = NewMessage("marker " + Guid.NewGuid().ToString("N"));
        Assert.True((await Fixture.Adapter.SendAsync(marker, CancellationToken.None).ConfigureAwait(false)).IsDelivered);

        // The marker was sent after both copies, so once it has arrived a second copy would have too.
        await Fixture.ReceivedAsync(marker.IdempotencyKey, 1, Wait, CancellationToken.None).ConfigureAwait(false);
        var received = await Fixture.ReceivedAsync(message.IdempotencyKey, 1, Wait, CancellationToken.None).ConfigureAwait(false);
        Assert.Single(received);
    }

    /// <summary>Checks that an invalid recipient is reported as a permanent failure, not thrown.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Send_InvalidRecipient_ReturnsPermanentFailure()
    {
        var message = NewMessage("invalid") with { Recipient = Fixture.InvalidRecipient };
        var result = await Fixture.Adapter.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        Assert.False(result.IsDelivered);
        Assert.Equal(DeliveryFailureKind.Permanent, result.FailureKind);
        Assert.False(string.IsNullOrWhiteSpace(result.FailureReason));
    }

    /// <summary>Checks that an already-cancelled token stops the send.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Send_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync().ConfigureAwait(false);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await Fixture.Adapter.SendAsync(NewMessage("cancelled"), cancelled.Token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Checks that concurrent sends each arrive once.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [Fact]
    public virtual async Task Send_Concurrently_EachArrivesOnce()
    {
        var messages = Enumerable.Range(0, 8).Select(i => NewMessage("concurrent " + i)).ToArray();
        var results = await Task.WhenAll(messages.Select(m => Fixture.Adapter.SendAsync(m, CancellationToken.None).AsTask())).ConfigureAwait(false);
        Assert.All(results, r => Assert.True(r.IsDelivered, r.FailureReason));
        Assert.Equal(messages.Length, results.Select(r => r.ProviderMessageId).Distinct().Count());
        foreach (var message in messages)
        {
            var received = await Fixture.ReceivedAsync(message.IdempotencyKey, 1, Wait, CancellationToken.None).ConfigureAwait(false);
            Assert.Single(received);
        }
    }
}
