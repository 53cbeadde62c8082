using BenchmarkDotNet.Attributes;
using Crm.Engine.Benchmarks.Storage;
using Crm.Engine.Campaigns;
using Crm.Engine.Channels;
using Crm.Engine.Storage;
using Crm.Engine.Templates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Campaigns;

/// <summary>
/// Resolves a campaign audience of 100 000 customers on SQLite and enqueues it through the outbox: 121 000 customers,
/// of whom 101 000 Dutch with email marketing consent (1 000 of them suppressed), 10 000 Dutch without consent and
/// 10 000 German with consent. One operation = one <see cref="ICampaignService.SendAsync"/> of a new campaign: the
/// audience read in batches, a variant each (A/B 50/50), a rendered template with three signed tracking links, one
/// outbox message and one recipient row per customer. The outbox and recipients are emptied between iterations.
/// </summary>
[Config(typeof(CampaignBenchmarkConfig))]
[MemoryDiagnoser]
public class CampaignSendBenchmark
{
    private const int Eligible = 100_000;
    private string _directory = null!;
    private string _database = null!;
    private ServiceProvider _services = null!;
    private ICrmContext _crm = null!;
    private Campaign _campaign = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crm-campaign-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _database = Path.Combine(_directory, "crm.db");
        var services = new ServiceCollection();
        services.AddCrmEngine()
            .UseSqliteStorage(o => o.DataSource = _database)
            .AddMessageTemplate(new MessageTemplate
            {
                Id = "spring",
                Variants = new Dictionary<string, TemplateVariant>
                {
                    [MessageTemplate.DefaultVariant] = new("Hi {{customer.firstName}}, our spring sale starts today: {{data.clickUrl}}\nUnsubscribe: {{data.unsubscribeUrl}}")
                    {
                        Subject = "{{customer.firstName}}, spring is here",
                        Html = "<p>Hi {{customer.firstName}}</p><a href=\"{{data.clickUrl}}\">Shop</a><img src=\"{{data.openUrl}}\"><a href=\"{{data.unsubscribeUrl}}\">Unsubscribe</a>",
                    },
                },
            })
            .ConfigureMessaging(o => o.DispatchOutbox = false)
            .ConfigureCampaigns(o =>
            {
                o.TrackingSecret = "benchmark-tracking-secret-of-32-characters";
                o.TrackingBaseUrl = new Uri("https://crm.example.com/crm/campaigns/t/");
            });
        _services = services.BuildServiceProvider();
        var engine = _services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync();
        _crm = engine.ForTenant(BenchmarkData.TenantId);
        await LoadAsync(_services.GetRequiredService<IStorageProvider>());
    }

    [IterationSetup]
    public void NewCampaign()
    {
        using (var connection = new SqliteConnection("Data Source=" + _database))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM outbox_messages; DELETE FROM campaign_recipients;";
            command.ExecuteNonQuery();
        }

        _campaign = _crm.Campaigns.CreateAsync(new Campaign
        {
            Name = "Spring",
            Channel = InteractionChannels.Email,
            TemplateId = "spring",
            Variants = [new CampaignVariant("A", 50), new CampaignVariant("B", 50)],
            Audience = CampaignAudience.Condition("""{"field":"country","op":"eq","value":"NL"}"""),
            Cost = 500m,
            Currency = "EUR",
        }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<int> SendTo100kAudience()
    {
        var result = await _crm.Campaigns.SendAsync(_campaign.Id);
        return result.TotalQueued == Eligible ? result.TotalQueued : throw new InvalidOperationException($"Queued {result.TotalQueued}, expected {Eligible}.");
    }

    [Benchmark]
    public Task<CampaignAudienceCounts> PreviewAudience() => _crm.Campaigns.PreviewAudienceAsync(_campaign.Id);

    private static async Task LoadAsync(IStorageProvider provider)
    {
        var customers = BenchmarkData.Customers(121_000, seed: 6);
        for (var i = 0; i < customers.Length; i++)
        {
            customers[i] = customers[i] with { Demographics = customers[i].Demographics! with { Country = i < 111_000 ? "NL" : "DE" } };
        }

        var session = await provider.OpenSessionAsync(BenchmarkData.TenantId, CancellationToken.None);
        await using (session)
        {
            await session.Customers.BulkInsertAsync(customers, CancellationToken.None);
            var transaction = await session.BeginTransactionAsync(CancellationToken.None);
            await using (transaction)
            {
                for (var i = 0; i < customers.Length; i++)
                {
                    if (i is >= 101_000 and < 111_000)
                    {
                        continue; // Dutch without consent
                    }

                    await session.Privacy.AppendConsentAsync(new ConsentRecord(customers[i].Id, InteractionChannels.Email, MessagePurposes.Marketing, ConsentStatus.Granted, "bench", BenchmarkData.AsOf), CancellationToken.None);
                    if (i < 1_000)
                    {
                        await session.Campaigns.AddSuppressionAsync(new Suppression(SuppressionReason.Bounced, BenchmarkData.AsOf) { CustomerId = customers[i].Id }, CancellationToken.None);
                    }
                }

                await transaction.CommitAsync(CancellationToken.None);
            }
        }
    }
}
