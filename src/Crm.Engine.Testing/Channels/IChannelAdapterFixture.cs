using Crm.Engine.Channels;

namespace Crm.Engine.Testing.Channels;

/// <summary>
/// Supplies a channel adapter and a way to see what reached the provider's side to
/// <see cref="ChannelAdapterConformanceTests{TFixture}"/>. The sink is usually a real server started by the fixture
/// (an SMTP server, an HTTP server on loopback implementing the provider's endpoints) or the folder a pickup mode
/// writes to.
/// </summary>
public interface IChannelAdapterFixture
{
    /// <summary>Gets the adapter under test.</summary>
    IChannelAdapter Adapter { get; }

    /// <summary>Gets a recipient the provider accepts.</summary>
    string ValidRecipient { get; }

    /// <summary>Gets a recipient the adapter or the provider refuses permanently (malformed, unknown).</summary>
    string InvalidRecipient { get; }

    /// <summary>
    /// Returns the messages the provider side received with the given idempotency key, waiting up to
    /// <paramref name="timeout"/> for at least <paramref name="atLeast"/> of them, and then returning all there are.
    /// </summary>
    /// <param name="idempotencyKey">The key the test sent with.</param>
    /// <param name="atLeast">How many to wait for.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>What arrived, as the provider saw it.</returns>
    Task<IReadOnlyList<ReceivedAtSink>> ReceivedAsync(string idempotencyKey, int atLeast, TimeSpan timeout, CancellationToken cancellationToken);
}
