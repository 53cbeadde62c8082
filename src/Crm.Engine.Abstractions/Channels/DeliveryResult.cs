namespace Crm.Engine.Channels;

/// <summary>
/// Reports the outcome of one send: the provider's message id, or a typed failure.
/// </summary>
/// <remarks>Create instances with <see cref="Delivered"/> or <see cref="Failed"/>; results may be cached and shared.</remarks>
public sealed record DeliveryResult
{
    private DeliveryResult(string? providerMessageId, DeliveryFailureKind failureKind, string? failureReason)
    {
        ProviderMessageId = providerMessageId;
        FailureKind = failureKind;
        FailureReason = failureReason;
    }

    /// <summary>Gets a value indicating whether the provider accepted the message.</summary>
    public bool IsDelivered => FailureKind == DeliveryFailureKind.None;

    /// <summary>Gets the provider's id for the message when it was accepted, for tracking and support.</summary>
    public string? ProviderMessageId { get; }

    /// <summary>Gets whether the failure is transient or permanent; <see cref="DeliveryFailureKind.None"/> when delivered.</summary>
    public DeliveryFailureKind FailureKind { get; }

    /// <summary>Gets why the message was not accepted, in the provider's words where possible; never personal data.</summary>
    public string? FailureReason { get; }

    /// <summary>Creates the result of an accepted message.</summary>
    /// <param name="providerMessageId">The provider's id for the message.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="providerMessageId"/> is empty.</exception>
    public static DeliveryResult Delivered(string providerMessageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerMessageId);
        return new DeliveryResult(providerMessageId, DeliveryFailureKind.None, null);
    }

    /// <summary>Creates the result of a message the provider did not accept.</summary>
    /// <param name="kind">Whether retrying may help.</param>
    /// <param name="reason">Why it failed; never personal data.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="DeliveryFailureKind.None"/> or undefined.</exception>
    public static DeliveryResult Failed(DeliveryFailureKind kind, string reason)
    {
        if (kind is not (DeliveryFailureKind.Transient or DeliveryFailureKind.Permanent))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A failure must be 'Transient' or 'Permanent'.");
        }

        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new DeliveryResult(null, kind, reason);
    }
}
