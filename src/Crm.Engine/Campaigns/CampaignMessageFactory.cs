using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Templates;

namespace Crm.Engine.Campaigns;

/// <summary>
/// Renders one campaign message per customer as an outbox message: the variant's template with the customer and the
/// tracking links as <c>data.openUrl</c>, <c>data.clickUrl</c> and <c>data.unsubscribeUrl</c> (absent without
/// tracking options), the idempotency key <c>campaign:{campaign}:{customer}</c>, campaign id and variant.
/// </summary>
internal sealed class CampaignMessageFactory(Campaign campaign, ITemplateService templates, CampaignLinks? links, string tenantId)
{
    public static string IdempotencyKey(Guid campaignId, Guid customerId) => $"campaign:{campaignId:N}:{customerId:N}";

    /// <summary>Builds the message, or returns null when the customer has no address for the channel.</summary>
    public OutboxMessage? Build(Customer customer, CampaignVariant variant, DateTimeOffset now, DateTimeOffset notBefore)
    {
        var recipient = ContactAddresses.RecipientFor(customer, campaign.Channel);
        if (string.IsNullOrWhiteSpace(recipient))
        {
            return null;
        }

        var data = new Dictionary<string, object?>(5, StringComparer.Ordinal)
        {
            ["campaign"] = campaign.Name,
            ["variant"] = variant.Name,
        };
        IReadOnlyDictionary<string, string> headers = new Dictionary<string, string>(0);
        if (links is not null)
        {
            var unsubscribe = links.Url(tenantId, campaign.Id, customer.Id, variant.Name, CampaignTrackingKind.Unsubscribe);
            data["openUrl"] = links.Url(tenantId, campaign.Id, customer.Id, variant.Name, CampaignTrackingKind.Open);
            data["clickUrl"] = links.Url(tenantId, campaign.Id, customer.Id, variant.Name, CampaignTrackingKind.Click);
            data["unsubscribeUrl"] = unsubscribe;
            if (campaign.Channel == InteractionChannels.Email)
            {
                // RFC 8058 one-click: mail clients POST to the link, which the host's tracking endpoint accepts.
                headers = new Dictionary<string, string>(2, StringComparer.OrdinalIgnoreCase)
                {
                    ["List-Unsubscribe"] = "<" + unsubscribe + ">",
                    ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
                };
            }
        }

        var templateId = variant.TemplateId ?? campaign.TemplateId;
        var rendered = templates.Render(templateId, campaign.Channel, new TemplateModel { Customer = customer, Data = data });
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Channel = campaign.Channel,
            CustomerId = customer.Id,
            Recipient = recipient.Trim(),
            Subject = rendered.Subject,
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
            Headers = headers,
            IdempotencyKey = IdempotencyKey(campaign.Id, customer.Id),
            Purpose = campaign.Purpose,
            Status = OutboxStatus.Pending,
            NextAttemptAt = notBefore > now ? notBefore : now,
            TemplateId = templateId,
            CampaignId = campaign.Id,
            CampaignVariant = variant.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
