using Crm.Engine.Campaigns;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Engine.Templates;
using Crm.Engine.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Campaigns;

/// <summary>A messaging host with a campaign template, tracking configured, and helpers for consenting customers.</summary>
internal sealed class CampaignHost : IAsyncDisposable
{
    public const string Secret = "campaign-tests-secret-of-32-chars-or-more";

    public static readonly MessageTemplate Promo = new()
    {
        Id = "promo",
        Variants = new Dictionary<string, TemplateVariant>
        {
            [MessageTemplate.DefaultVariant] = new("Hi {{customer.firstName}}, spring sale: {{default data.clickUrl \"\"}} Unsubscribe: {{default data.unsubscribeUrl \"\"}}") { Subject = "Spring sale" },
        },
    };

    public static readonly MessageTemplate PromoB = new()
    {
        Id = "promo-b",
        Variants = new Dictionary<string, TemplateVariant> { [MessageTemplate.DefaultVariant] = new("{{customer.firstName}}, 20% off today") { Subject = "20% off" } },
    };

    private CampaignHost(MessagingHost messaging) => Messaging = messaging;

    public MessagingHost Messaging { get; }

    public ICrmContext Crm => Messaging.Crm;

    public RecordingAdapter Adapter => Messaging.Adapter;

    public DateTimeOffset Now => Messaging.Time.GetUtcNow();

    public ICampaignTrackingHandler Tracking => Messaging.Engine.Provider.GetRequiredService<ICampaignTrackingHandler>();

    public static async Task<CampaignHost> CreateAsync(bool tracking = true) =>
        new(await MessagingHost.CreateAsync(builder: b =>
        {
            b.AddMessageTemplate(Promo).AddMessageTemplate(PromoB);
            if (tracking)
            {
                b.ConfigureCampaigns(o =>
                {
                    o.TrackingSecret = Secret;
                    o.TrackingBaseUrl = new Uri("https://crm.example.com/t/");
                    o.SendBatchSize = 3; // several batches even with a handful of customers
                    o.DispatchLookahead = TimeSpan.FromMinutes(1);
                    o.DispatchInterval = TimeSpan.FromMinutes(1);
                });
            }
        }));

    /// <summary>Creates a Dutch customer and, unless told otherwise, grants email marketing consent.</summary>
    public async Task<Customer> CustomerAsync(string firstName, bool consent = true, string country = "NL")
    {
        var customer = await Crm.Customers.CreateAsync(new Customer
        {
            FirstName = firstName,
            LastName = "Tester",
            Emails = [$"{firstName.ToLowerInvariant()}@example.com"],
            Demographics = new Demographics { Country = country },
        });
        if (consent)
        {
            await Crm.Privacy.RecordConsentAsync(customer.Id, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Granted, "signup-form");
        }

        return customer;
    }

    public Task<Campaign> CampaignAsync(decimal cost = 0m, int? rate = null, IReadOnlyList<CampaignVariant>? variants = null, TimeSpan? window = null) =>
        Crm.Campaigns.CreateAsync(new Campaign
        {
            Name = "Spring sale",
            Channel = InteractionChannels.Email,
            TemplateId = Promo.Id,
            Variants = variants ?? [],
            Audience = CampaignAudience.Condition("""{"field":"country","op":"eq","value":"NL"}"""),
            SendRatePerMinute = rate,
            Cost = cost,
            Currency = "EUR",
            AttributionWindow = window ?? TimeSpan.FromDays(7),
            LandingUrl = new Uri("https://shop.example.com/spring"),
        });

    /// <summary>
    /// Runs what fell due, twice: the first round runs the campaign dispatch job a send scheduled, which renders
    /// messages into the outbox; the second delivers the messages that are due.
    /// </summary>
    public async Task SettleAsync()
    {
        await Messaging.DeliverDueAsync();
        await Messaging.DeliverDueAsync();
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(Guid campaignId) =>
        (await Crm.Messages.ListAsync(new OutboxQuery { CampaignId = campaignId, Page = new PageRequest(1000) })).Items;

    public ValueTask DisposeAsync() => Messaging.DisposeAsync();
}
