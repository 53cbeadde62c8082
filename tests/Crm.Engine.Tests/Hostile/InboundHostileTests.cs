using System.Text;
using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Testing.Time;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Hostile;

/// <summary>
/// 10k seeded hostile inbound messages through the engine's inbound path: half as webhook bodies through
/// <see cref="IMessagingService.HandleWebhookAsync"/> (a code handler turns the JSON into a message or a typed
/// rejection), half as messages straight to <see cref="IMessagingService.ReceiveAsync"/>. Each ends recorded, as a
/// duplicate, as a rejection result or as a <see cref="CrmException"/>; a rejected case leaves every table's row count
/// unchanged in the tables it can write (customers, interactions, receipts, outbox): no lead without its interaction,
/// no receipt without its message.
/// </summary>
public sealed class InboundHostileTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Cases = 10_000;
    private const string Tenant = "hostile-inbound";

    private static readonly string[] Channels = ["email", "sms", "chat", "social", "x.y", "a'b", "EMAIL", " ", "ch\u0430t", "x\") OR 1=1 --"];

    private static readonly string[] Texts =
    [
        "", " ", "hello", "a\u0000b", "\u202Eevil", "\uD800", "é👋", "<script>alert(1)</script>", "'; DROP TABLE customers; --", "%s%n%x",
        new string('x', 70_000), "ana@example.com", "+44 20 7946 0958", "@ana@remote.example", "\u0430na@example.com", "ana@example.com\u200B",
        "ana@@example.com", "1e309", "-0", "null",
    ];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crm-engine-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _provider;
    private string _database = "";
    private string _countSql = "";

    private IMessagingService Messages => _provider!.GetRequiredService<ICrmEngine>().ForTenant(Tenant).Messages;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = _database = Path.Combine(_directory, "crm.db");
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(new ManualTimeProvider(TestEngine.Start));
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = database).ConfigureMessaging(o => o.DispatchOutbox = false).AddInboundWebhookHandler<JsonWebhookHandler>();
        _provider = services.BuildServiceProvider();
        await _provider.GetRequiredService<ICrmEngine>().InitializeAsync();
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        // The tables an inbound message can write: customers (leads), interactions, receipts, outbox (auto-replies).
        names = names.Where(n => n.Contains("customer", StringComparison.OrdinalIgnoreCase) || n.Contains("interaction", StringComparison.OrdinalIgnoreCase)
            || n.Contains("inbound", StringComparison.OrdinalIgnoreCase) || n.Contains("outbox", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Contains("interactions", names);
        _countSql = string.Join(" UNION ALL ", names.Select(n => $"SELECT '{n}', count(*) FROM \"{n}\""));
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task HostileInbound_IsRecordedOrRejectedWholly()
    {
        var run = new HostileRun("inbound", output);
        var recorded = 0;
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var before = await CountRowsAsync();
            var viaWebhook = seed % 2 == 0;
            var message = Message(random);
            var body = viaWebhook ? Body(message, random) : [];
            string? outcome = null;
            await run.CaseAsync(seed, viaWebhook ? "webhook" : "receive", viaWebhook ? Encoding.UTF8.GetString(body) : message.ToString(), async token =>
            {
                if (viaWebhook)
                {
                    var result = await Messages.HandleWebhookAsync("hostile", new InboundWebhookRequest { TenantId = Tenant, Body = body, ReceivedAt = TestEngine.Start }, token);
                    outcome = result.Result.IsAccepted ? (result.Received.Any(r => !r.Duplicate) ? "recorded" : "duplicate") : "rejected:" + result.Result.Rejection;
                }
                else
                {
                    outcome = (await Messages.ReceiveAsync(message, token)).Duplicate ? "duplicate" : "recorded";
                }
            });

            var after = await CountRowsAsync();
            if (outcome is "recorded")
            {
                recorded++;
                Assert.True(after["interactions"] == before["interactions"] + 1, $"seed {seed}: a recorded message adds one interaction");
            }
            else
            {
                // A duplicate, a rejection result or a thrown typed error: nothing written at all.
                Assert.Equal(before, after);
            }
        }

        run.Report();
        output.WriteLine($"  recorded={recorded}");
        Assert.InRange(recorded, 1, Cases - 1);
    }

    private async Task<SortedDictionary<string, long>> CountRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = _countSql;
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static InboundMessage Message(Random random)
    {
        string Pick() => Texts[random.Next(Texts.Length)];
        string? Maybe() => random.Next(3) == 0 ? null : Pick();
        return new InboundMessage
        {
            Channel = random.Next(3) == 0 ? Channels[random.Next(Channels.Length)] : "email",
            ExternalId = random.Next(4) == 0 ? Pick() : "m-" + random.Next(3_000),
            SenderAddress = random.Next(3) == 0 ? Pick() : $"s{random.Next(500)}@example.com",
            SenderName = Maybe(),
            Subject = Maybe(),
            TextBody = random.Next(10) == 0 ? null! : Pick(),
            HtmlBody = Maybe(),
            InReplyTo = Maybe(),
            ReceivedAt = random.Next(20) == 0 ? default : TestEngine.Start.AddMinutes(-random.Next(10_000)),
        };
    }

    /// <summary>The message as the webhook JSON the handler reads, sometimes mutated (wrong types, truncation, byte flips).</summary>
    private static byte[] Body(InboundMessage message, Random random)
    {
        var json = JsonSerializer.Serialize(new { channel = message.Channel, id = message.ExternalId, from = message.SenderAddress, name = message.SenderName, subject = message.Subject, text = message.TextBody, inReplyTo = message.InReplyTo, at = message.ReceivedAt });
        return random.Next(3) == 0 ? HostileMutator.Mutate(json, random).Bytes : Encoding.UTF8.GetBytes(json);
    }

    /// <summary>A third-party handler's shape: JSON in, a message or a typed rejection out.</summary>
    private sealed class JsonWebhookHandler : IInboundWebhookHandler
    {
        public string Channel => "hostile";

        public ValueTask<InboundWebhookResult> HandleAsync(InboundWebhookRequest request, CancellationToken cancellationToken)
        {
            try
            {
                using var document = JsonDocument.Parse(request.Body);
                var root = document.RootElement;
                string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                if (root.ValueKind != JsonValueKind.Object || Text("id") is not { } id || Text("from") is not { } from || !root.TryGetProperty("at", out var at) || !at.TryGetDateTimeOffset(out var receivedAt))
                {
                    return ValueTask.FromResult(InboundWebhookResult.Rejected(InboundRejectionKind.Unsupported, "not a message event"));
                }

                return ValueTask.FromResult(InboundWebhookResult.Accepted(
                [
                    new InboundMessage { Channel = Text("channel") ?? "email", ExternalId = id, SenderAddress = from, SenderName = Text("name"), Subject = Text("subject"), TextBody = Text("text")!, InReplyTo = Text("inReplyTo"), ReceivedAt = receivedAt },
                ]));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return ValueTask.FromResult(InboundWebhookResult.Rejected(InboundRejectionKind.Malformed, "the body is not JSON: " + e.Message));
            }
        }
    }
}
