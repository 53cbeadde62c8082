namespace Crm.Engine;

/// <summary>
/// Answers whether a customer may be contacted on a channel for a purpose. Every sender (email, SMS, push, ...)
/// must call it before sending; without a record the answer is no (opt-in).
/// </summary>
public interface IConsentChecker
{
    /// <summary>Tells whether the latest consent record for the channel and purpose grants consent.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> only when consent was granted and not withdrawn since.</returns>
    Task<bool> HasConsentAsync(Guid customerId, string channel, string purpose, CancellationToken cancellationToken = default);
}
