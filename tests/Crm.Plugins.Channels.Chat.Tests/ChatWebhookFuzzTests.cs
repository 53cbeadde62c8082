using System.Text;
using System.Text.Json.Nodes;
using Crm.Engine.Channels;
using Crm.Plugins.Channels.Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Crm.Plugins.Channels.Chat.Tests;

/// <summary>
/// Seeded mutations of valid payloads, each signed correctly so it reaches the parser: whatever the bytes, the handler
/// answers with an accepted result or a typed rejection, never an exception. Deterministic: a failure names its seed.
/// 1,000 byte and 1,000 structural mutations of each of the 5 payloads: 10,000 cases, counted and printed.
/// </summary>
public sealed class ChatWebhookFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerKind = 1_000;
    private const string Punctuation = "\"{}[]:,\\\u00ff0a \n";

    private static readonly string[] Payloads =
    [
        SlackRequests.MessageEvent(),
        SlackRequests.MessageEvent(text: "Re: <@U0BOB> &amp; <https://x.example|x>", threadTs: "1712345600.000001", extra: """, "user_profile": {"display_name": "ana"}, "files": [{"id": "F1"}]"""),
        """{"token":"t","challenge":"c0ffee","type":"url_verification"}""",
        """{"type":"event_callback","event":{"type":"message","subtype":"bot_message","bot_id":"B1","text":"beep","ts":"1.1","channel":"C1"}}""",
        """{"type":"event_callback","team_id":"T1","event":{"type":"reaction_added","user":"U1","item":{"type":"message","channel":"C1","ts":"1.1"}}}""",
    ];

    private static readonly JsonNode?[] Replacements =
    [
        null, true, false, 0, -1, 42.5, 1e300, "", " ", "x", "1712345678.000100", "1.", ".1", "<@U1|&amp;>", "\u0000", "é👋",
        new string('a', 5000), new JsonArray(), new JsonObject(), new JsonArray(1, "two", null), new JsonObject { ["type"] = "message" },
    ];

    private readonly ChatWebhookHandler _handler = SlackRequests.Handler();

    public static TheoryData<int> PayloadIndexes() => new(Enumerable.Range(0, Payloads.Length));

    [Theory]
    [MemberData(nameof(PayloadIndexes))]
    public async Task ByteMutations_AlwaysGiveATypedResult(int payload)
    {
        var outcomes = new Outcomes();
        for (var seed = 0; seed < MutationsPerKind; seed++)
        {
            var body = MutateBytes(Encoding.UTF8.GetBytes(Payloads[payload]), new Random((payload * 1000) + seed));
            await CheckAsync(body, $"payload {payload}, byte seed {seed}", outcomes);
        }

        output.WriteLine($"chat webhook, payload {payload}, byte mutations: {outcomes}");
        Assert.Equal(MutationsPerKind, outcomes.Accepted + outcomes.Rejected);
        Assert.True(outcomes.Rejected > 0, "Byte mutations should break some payloads.");
    }

    [Theory]
    [MemberData(nameof(PayloadIndexes))]
    public async Task StructuralMutations_AlwaysGiveATypedResult(int payload)
    {
        var outcomes = new Outcomes();
        for (var seed = 0; seed < MutationsPerKind; seed++)
        {
            var body = MutateStructure(Payloads[payload], new Random((payload * 1000) + seed));
            await CheckAsync(Encoding.UTF8.GetBytes(body), $"payload {payload}, structural seed {seed}", outcomes);
        }

        output.WriteLine($"chat webhook, payload {payload}, structural mutations: {outcomes}");
        Assert.True(outcomes.Accepted + outcomes.Rejected == MutationsPerKind);
    }

    [Fact]
    public async Task Mutations_ReachBothVerdicts()
    {
        var outcomes = new Outcomes();
        for (var seed = 0; seed < MutationsPerKind; seed++)
        {
            await CheckAsync(Encoding.UTF8.GetBytes(MutateStructure(Payloads[0], new Random(seed))), $"seed {seed}", outcomes);
        }

        // A mutation touches one node of many; the fuzzing is only meaningful if both outcomes occur.
        Assert.True(outcomes.Accepted > 0 && outcomes.Rejected > 0, $"accepted {outcomes.Accepted}, rejected {outcomes.Rejected}");
    }

    private async Task CheckAsync(byte[] body, string label, Outcomes outcomes)
    {
        InboundWebhookResult result;
        try
        {
            result = await _handler.HandleAsync(SlackRequests.Signed(body), CancellationToken.None);
        }
        catch (Exception exception)
        {
            throw new Xunit.Sdk.XunitException($"{label} threw {exception.GetType().Name}: {exception.Message}\nBody: {Encoding.UTF8.GetString(body)}");
        }

        if (result.IsAccepted)
        {
            outcomes.Accepted++;
            Assert.True(result.Messages.Count <= 1, label);
            foreach (var message in result.Messages)
            {
                Assert.Equal("chat", message.Channel);
                Assert.Matches("^[^:]+:[0-9]+(\\.[0-9]+)?$", message.ExternalId);
                Assert.False(string.IsNullOrEmpty(message.SenderAddress), label);
                Assert.False(string.IsNullOrWhiteSpace(message.TextBody), label);
            }
        }
        else
        {
            outcomes.Rejected++;
            outcomes.Kinds[result.Rejection!.Value] = outcomes.Kinds.GetValueOrDefault(result.Rejection!.Value) + 1;
            Assert.True(result.Rejection is InboundRejectionKind.Malformed or InboundRejectionKind.Unsupported, $"{label}: {result.Rejection}");
            Assert.Empty(result.Messages);
            if (result.Rejection == InboundRejectionKind.Malformed)
            {
                Assert.Matches("'\\$|JSON|empty", result.Reason);
            }
        }
    }

    private static byte[] MutateBytes(byte[] body, Random random)
    {
        var bytes = body.ToList();
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)Punctuation[random.Next(Punctuation.Length)];
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 6)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(1, 30)).ToList());
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    private static string MutateStructure(string json, Random random)
    {
        var root = JsonNode.Parse(json)!;
        var locations = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, locations);
        var (parent, name, index) = locations[random.Next(locations.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        var remove = random.Next(3) == 0;
        if (parent is JsonObject obj)
        {
            if (remove)
            {
                obj.Remove(name!);
            }
            else
            {
                obj[name!] = replacement;
            }
        }
        else if (parent is JsonArray array)
        {
            if (remove)
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = replacement;
            }
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> locations)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                locations.Add((obj, name, -1));
                if (child is not null)
                {
                    Collect(child, locations);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                locations.Add((array, null, i));
                if (array[i] is { } child)
                {
                    Collect(child, locations);
                }
            }
        }
    }

    private sealed class Outcomes
    {
        public int Accepted { get; set; }

        public int Rejected { get; set; }

        public SortedDictionary<InboundRejectionKind, int> Kinds { get; } = [];

        public override string ToString() => $"cases={Accepted + Rejected} accepted={Accepted} rejected={Rejected} ({string.Join(", ", Kinds.Select(k => $"{k.Key}={k.Value}"))})";
    }
}
