using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Crm.Engine.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Benchmarks.Hosting;

/// <summary>
/// A bounded load test of the REST API over loopback HTTP: the host (Kestrel + the engine on a temporary SQLite file)
/// runs in this process, a fixed number of workers send requests back to back for a fixed time, and each scenario
/// reports requests/s and latency percentiles. Not a BenchmarkDotNet benchmark because BDN measures one operation at a
/// time; throughput under concurrency and tail latency are what a host needs to size against.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Crm.Engine.Benchmarks -- api-load [--seconds 10] [--warmup 3] [--concurrency 16] [--customers 500] [--interactions 200]</c>
/// </remarks>
internal static class ApiLoadTest
{
    private const string Tenant = "load";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = LoadSettings.Parse(args);
        var directory = Path.Combine(Path.GetTempPath(), "crm-api-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var app = await StartHostAsync(directory).ConfigureAwait(false);
            var customers = await SeedAsync(app.Services, settings).ConfigureAwait(false);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency })
            {
                BaseAddress = new Uri(app.Urls.Single()),
            };
            client.DefaultRequestHeaders.Add(LoadTestAuthentication.Header, Tenant + "/load-user");

            Console.WriteLine($"API load test: {settings.Concurrency} workers, {settings.Seconds} s per scenario after {settings.WarmupSeconds} s warm-up, "
                + $"{settings.Customers:N0} customers x {settings.Interactions:N0} interactions, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            var scenarios = new (string Name, Func<HttpClient, Random, Task<HttpResponseMessage>> Send)[]
            {
                ("GET timeline (50 newest)", (http, random) => http.GetAsync($"/crm/customers/{customers[random.Next(customers.Count)]}/interactions?pageSize=50")),
                ("POST interaction", (http, random) => http.PostAsJsonAsync("/crm/interactions", NewInteraction(customers[random.Next(customers.Count)]), CrmJson.Options)),
            };

            var results = new List<LoadResult>();
            foreach (var (name, send) in scenarios)
            {
                await DriveAsync(client, send, settings.Concurrency, TimeSpan.FromSeconds(settings.WarmupSeconds), recorder: null).ConfigureAwait(false);
                var recorder = new LatencyRecorder(settings.Concurrency);
                var elapsed = await DriveAsync(client, send, settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds), recorder).ConfigureAwait(false);
                results.Add(recorder.Summarize(name, elapsed));
            }

            Console.WriteLine();
            Console.WriteLine(LoadResult.Header);
            results.ForEach(Console.WriteLine);
            var failed = results.Sum(r => r.Errors);
            if (failed > 0)
            {
                Console.Error.WriteLine($"{failed} request(s) failed: the figures above are not valid.");
            }

            return failed == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<TimeSpan> DriveAsync(
        HttpClient client, Func<HttpClient, Random, Task<HttpResponseMessage>> send, int workers, TimeSpan duration, LatencyRecorder? recorder)
    {
        var stopwatch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await send(client, random).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    recorder?.Error(worker);
                    continue;
                }

                recorder?.Record(worker, start);
            }
        }))).ConfigureAwait(false);
        return stopwatch.Elapsed;
    }

    private static async Task<WebApplication> StartHostAsync(string directory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = Path.Combine(directory, "crm.db"));
        builder.Services.AddCrmAspNetCore();
        builder.Services.AddAuthentication(LoadTestAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, LoadTestAuthentication>(LoadTestAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCrmApi();
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    private static async Task<List<Guid>> SeedAsync(IServiceProvider services, LoadSettings settings)
    {
        var engine = services.GetRequiredService<ICrmEngine>();
        await engine.InitializeAsync().ConfigureAwait(false);
        var crm = engine.ForCaller(CrmCaller.System(Tenant));
        var ids = Enumerable.Range(0, settings.Customers).Select(_ => Guid.CreateVersion7()).ToList();
        await crm.Customers.ImportAsync(ids.Select((id, i) => new Customer
        {
            Id = id,
            FirstName = "Load",
            LastName = i.ToString(CultureInfo.InvariantCulture),
            Emails = [$"load{i}@example.com"],
        })).ConfigureAwait(false);
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        await crm.Interactions.ImportAsync(ids.SelectMany(id => Enumerable.Range(0, settings.Interactions).Select(n => new Interaction
        {
            CustomerId = id,
            Channel = InteractionChannels.Email,
            Direction = n % 2 == 0 ? InteractionDirection.Inbound : InteractionDirection.Outbound,
            OccurredAt = start.AddHours(n),
            Subject = "Seeded message " + n.ToString(CultureInfo.InvariantCulture),
            Body = "A body of ordinary length for a customer message, enough to make the row realistic.",
        }))).ConfigureAwait(false);
        return ids;
    }

    private static Interaction NewInteraction(Guid customerId) => new()
    {
        CustomerId = customerId,
        Channel = InteractionChannels.Phone,
        Direction = InteractionDirection.Inbound,
        OccurredAt = DateTimeOffset.UtcNow,
        Subject = "Call",
        Body = "Customer called about their order.",
    };

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
