namespace Crm.Engine.Campaigns;

/// <summary>A pending recipient read for dispatch, with what decides whether it may still be messaged now.</summary>
/// <param name="Recipient">The recipient row.</param>
/// <param name="Customer">The customer as stored now; <see langword="null"/> when the customer no longer exists.</param>
/// <param name="HasConsent">Whether the latest consent record for the campaign's channel and purpose grants it.</param>
/// <param name="Suppressed">Whether the customer or its channel address is on the suppression list.</param>
public sealed record CampaignDispatchCandidate(CampaignRecipient Recipient, Customer? Customer, bool HasConsent, bool Suppressed);
