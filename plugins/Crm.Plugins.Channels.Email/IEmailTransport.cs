using Crm.Engine.Channels;
using Crm.Plugins.Channels.Email.Mime;

namespace Crm.Plugins.Channels.Email;

/// <summary>Hands a composed message on: to an SMTP server or into a pickup folder.</summary>
internal interface IEmailTransport : IAsyncDisposable
{
    /// <summary>Gets the mode's name for logs.</summary>
    string Name { get; }

    /// <summary>Hands the message on; refusals are results, cancellation throws <see cref="OperationCanceledException"/>.</summary>
    /// <param name="tenantId">The tenant the message is sent for.</param>
    /// <param name="idempotencyKey">The message's idempotency key.</param>
    /// <param name="email">The message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    ValueTask<DeliveryResult> SendAsync(string tenantId, string idempotencyKey, ComposedEmail email, CancellationToken cancellationToken);
}
