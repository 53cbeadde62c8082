namespace Crm.Engine;

/// <summary>
/// Records one consent decision of a customer for a channel and purpose; the history is append-only and the latest
/// record per channel and purpose decides.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Channel">The channel, such as <c>email</c> or <c>sms</c> (see <see cref="InteractionChannels"/>).</param>
/// <param name="Purpose">The purpose, such as <c>marketing</c>, <c>newsletter</c> or <c>service</c>.</param>
/// <param name="Status">Granted or withdrawn.</param>
/// <param name="Source">Where the decision was captured, such as <c>signup-form</c> or <c>unsubscribe-link</c>.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record ConsentRecord(Guid CustomerId, string Channel, string Purpose, ConsentStatus Status, string Source, DateTimeOffset RecordedAt)
{
    /// <summary>Gets the user or system component that recorded it.</summary>
    public string Actor { get; init; } = "";
}
