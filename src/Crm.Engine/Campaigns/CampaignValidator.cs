using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Templates;

namespace Crm.Engine.Campaigns;

/// <summary>Checks a campaign before it is stored, collecting every problem with the field it concerns.</summary>
internal static class CampaignValidator
{
    public const string Entity = "Campaign";
    private const int MaxName = 200;
    private const int MaxVariantName = 50;
    private const decimal MaxMoney = 900_000_000_000_000m;

    public static void Validate(Campaign campaign, ITemplateService templates)
    {
        var errors = new ValidationErrors();
        Text(errors, "name", campaign.Name, MaxName);
        Text(errors, "channel", campaign.Channel, 50);
        Text(errors, "purpose", campaign.Purpose, 50);
        if (!string.IsNullOrEmpty(campaign.Purpose) && !MessagePurposes.RequiresConsent(campaign.Purpose))
        {
            errors.Add("purpose", "a campaign is never transactional; use a purpose customers consent to, such as 'marketing'.", "notTransactional");
        }

        Template(errors, "templateId", campaign.TemplateId, templates);
        Variants(errors, campaign, templates);
        Audience(errors, campaign.Audience);
        if (campaign.SendRatePerMinute is < 1 or > 1_000_000)
        {
            errors.Add("sendRatePerMinute", $"must be between 1 and 1000000 messages per minute, or null for no limit (was {campaign.SendRatePerMinute}).", "range");
        }

        if (campaign.AttributionWindow <= TimeSpan.Zero || campaign.AttributionWindow > TimeSpan.FromDays(366))
        {
            errors.Add("attributionWindow", $"must be positive and at most 366 days (was {campaign.AttributionWindow}).", "range");
        }

        if (campaign.Cost < 0 || campaign.Cost > MaxMoney || decimal.Round(campaign.Cost, 4) != campaign.Cost)
        {
            errors.Add("cost", $"must be between 0 and {MaxMoney.ToString(CultureInfo.InvariantCulture)} with at most 4 decimals (was {campaign.Cost.ToString(CultureInfo.InvariantCulture)}).", "range");
        }

        if (campaign.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add("currency", $"must be an ISO 4217 code of three capital letters, such as 'EUR' (was '{campaign.Currency}').", "format");
        }

        if (campaign.LandingUrl is { } landing && (!landing.IsAbsoluteUri || (landing.Scheme != Uri.UriSchemeHttps && landing.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add("landingUrl", $"must be an absolute http or https address (was '{landing}').", "format");
        }

        errors.ThrowIfAny(Entity);
    }

    private static void Variants(ValidationErrors errors, Campaign campaign, ITemplateService templates)
    {
        if (campaign.Variants is null || campaign.Variants.Count == 0)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        for (var i = 0; i < campaign.Variants.Count; i++)
        {
            var variant = campaign.Variants[i];
            var path = $"variants[{i}]";
            Text(errors, path + ".name", variant.Name, MaxVariantName);
            if (variant.Name is not null && !names.Add(variant.Name))
            {
                errors.Add(path + ".name", $"'{variant.Name}' is used by another variant.", "unique");
            }

            if (variant.SplitPercent is < 1 or > 100)
            {
                errors.Add(path + ".splitPercent", $"must be between 1 and 100 (was {variant.SplitPercent}).", "range");
            }

            total += variant.SplitPercent;
            if (variant.TemplateId is not null)
            {
                Template(errors, path + ".templateId", variant.TemplateId, templates);
            }
        }

        if (total != 100)
        {
            errors.Add("variants", $"the splits must add up to 100 percent (they add up to {total}).", "split");
        }
    }

    private static void Audience(ValidationErrors errors, CampaignAudience? audience)
    {
        if (audience is null || (audience.SegmentName is null) == (audience.ConditionJson is null))
        {
            errors.Add("audience", "name either a saved segment (segmentName) or an inline condition (conditionJson), not both.", "exclusive");
        }
    }

    private static void Template(ValidationErrors errors, string field, string? templateId, ITemplateService templates)
    {
        if (string.IsNullOrWhiteSpace(templateId))
        {
            errors.Add(field, "is required.", "required");
        }
        else if (templates.Find(templateId) is null)
        {
            errors.Add(field, $"no template '{templateId}' is registered; register it with AddMessageTemplate first.", "notFound");
        }
    }

    private static void Text(ValidationErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required.", "required");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"must have at most {max} characters (has {value.Length}).", "length");
        }
    }
}
