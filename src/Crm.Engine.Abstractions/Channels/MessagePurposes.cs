namespace Crm.Engine.Channels;

/// <summary>
/// Why a message is sent. Anything other than <see cref="Transactional"/> needs the customer's consent for the channel
/// and purpose (see <see cref="IConsentChecker"/>) before it leaves.
/// </summary>
public static class MessagePurposes
{
    /// <summary>A message the customer needs to receive (a receipt, a case reply, a password reset); no consent check.</summary>
    public const string Transactional = "transactional";

    /// <summary>Promotional content (campaigns, newsletters, offers): sent only with consent.</summary>
    public const string Marketing = "marketing";

    /// <summary>Gets a value indicating whether a message with this purpose needs consent.</summary>
    /// <param name="purpose">The purpose.</param>
    /// <returns><see langword="true"/> unless the purpose is <see cref="Transactional"/>.</returns>
    public static bool RequiresConsent(string purpose) => !string.Equals(purpose, Transactional, StringComparison.Ordinal);
}
