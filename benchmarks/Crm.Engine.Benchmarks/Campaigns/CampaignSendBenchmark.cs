using System.Diagnostics;
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
/// Resolves a campaign audience of 100 000 customers on SQLite and enqueues it: 121 000 customers, of whom 101 000
/// Dutch with email marketing consent (1 000 of them suppressed), 10 000 Dutch without consent and 10 000 German with
/// consent. <see cref="SendTo100kAudience"/> (the goal) = one <see cref="ICampaignService.SendAsync"/> of a new
/// A/B (50/50) campaign: the audience read as ids in one statement, a variant and a not-before time each, one pending
/// recipient row per customer. <see cref="Dispatch100k"/> = one <see cref="ICampaignService.DispatchAsync"/> of
/// such a sent campaign: consent and suppression checked again, a rendered template with three signed tracking links,
/// one outbox message per customer, the recipient marked queued (the rendering the send used to do). The outbox and
/// recipients are emptied between iterations; the job runner is off so nothing dispatches in the background. Each
/// operation prints the process CPU time it used, since wall time on the shared machine says little.
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
            .ConfigureMessaging(o =>
            {
                o.DispatchOutbox = false;
                o.RunJobs = false;
            })
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

    [IterationSetup(Targets = [nameof(SendTo100kAudience), nameof(PreviewAudience)])]
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

    [IterationSetup(Target = nameof(Dispatch100k))]
    public void NewSentCampaign()
    {
        NewCampaign();
        var sent = _crm.Campaigns.SendAsync(_campaign.Id).GetAwaiter().GetResult();
        if (sent.TotalQueued != Eligible)
        {
            throw new InvalidOperationException($"Recorded {sent.TotalQueued}, expected {Eligible}.");
        }
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
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = await _crm.Campaigns.SendAsync(_campaign.Id);
        ReportCpu(nameof(SendTo100kAudience), cpu);
        return result.TotalQueued == Eligible ? result.TotalQueued : throw new InvalidOperationException($"Recorded {result.TotalQueued}, expected {Eligible}.");
    }

    [Benchmark]
    public async Task<int> Dispatch100k()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = await _crm.Campaigns.DispatchAsync(_campaign.Id);
        ReportCpu(nameof(Dispatch100k), cpu);
        return result.TotalQueued == Eligible && result.Progress.Pending == 0
            ? result.TotalQueued
            : throw new InvalidOperationException($"Queued {result.TotalQueued} ({result.Progress.Pending} pending), expected {Eligible}.");
    }

    [Benchmark]
    public Task<CampaignAudienceCounts> PreviewAudience() => _crm.Campaigns.PreviewAudienceAsync(_campaign.Id);

    private static void ReportCpu(string operation, TimeSpan before) =>
        Console.WriteLine($"// {operation}: process CPU {(Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds:F2} s");

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
