using System.Text;
using System.Text.Json.Nodes;
using Crm.Plugins.Channels.Social.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Crm.Plugins.Channels.Social.Tests;

/// <summary>
/// Seeded mutations of a valid notifications page: the parser always returns entries or a page problem, never throws,
/// and what it returns is well-formed. Deterministic: a failure names its seed. 5,000 byte and 5,000 structural
/// mutations: 10,000 cases, counted and printed.
/// </summary>
public sealed class NotificationParserFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 5_000;
    private const string Punctuation = "\"{}[]:,\\\u00ff0a \n<>&";

    private const string Page = """
        [
          {"id":"30","type":"mention","created_at":"2024-04-05T12:00:00.000Z",
           "account":{"id":"9","username":"ana","acct":"ana@remote.example","display_name":"Ana"},
           "status":{"id":"112233","created_at":"2024-04-05T12:00:00.000Z","in_reply_to_id":"110000","visibility":"direct","spoiler_text":"cw","url":"https://remote.example/@ana/112233",
                     "content":"<p><span class=\"h-card\"><a href=\"https://x/@crm\" class=\"u-url mention\">@<span>crm</span></a></span> Fish &amp; chips<br>ok</p>"}},
          {"id":"29","type":"mention","created_at":"2024-04-05T11:00:00.000Z","account":{"acct":"bob","display_name":""},
           "status":{"id":"112200","created_at":"2024-04-05T11:00:00.000Z","in_reply_to_id":null,"content":"<p>hi</p>"}},
          {"id":"28","type":"favourite","created_at":"2024-04-05T10:00:00.000Z","account":{"acct":"eve@remote.example"}}
        ]
        """;

    private static readonly JsonNode?[] Replacements =
    [
        null, true, 0, -7, 1.5e300, "", " ", "mention", "favourite", "2024-13-45T99:00:00Z", "../x", "12&max_id=1", "<p>", "&amp;", "\u0000", "é👋",
        new string('9', 70), new JsonArray(), new JsonObject(), new JsonArray(1, "two", null), new JsonObject { ["id"] = "1" },
    ];

    [Fact]
    public void ValidPage_IsReadCompletely()
    {
        var page = NotificationParser.Parse(Encoding.UTF8.GetBytes(Page), "home.example");

        Assert.Null(page.Problem);
        Assert.Equal(["30", "29", "28"], page.Entries.Select(e => e.Id));
        Assert.Equal("@crm Fish & chips\nok", page.Entries[0].Message!.TextBody);
        Assert.Equal("@bob@home.example", page.Entries[1].Message!.SenderAddress);
        Assert.Equal("not a mention", page.Entries[2].Skipped);
    }

    [Fact]
    public void ByteMutations_NeverThrow_AndStayWellFormed()
    {
        var problems = 0;
        for (var seed = 0; seed < Mutations; seed++)
        {
            var body = MutateBytes(Encoding.UTF8.GetBytes(Page), new Random(seed));
            problems += Check(body, $"byte seed {seed}") ? 0 : 1;
        }

        output.WriteLine($"social notifications, byte mutations: cases={Mutations} readable={Mutations - problems} page-problem={problems}");
        Assert.True(problems > 0, "Byte mutations should break some pages.");
    }

    [Fact]
    public void StructuralMutations_NeverThrow_AndStayWellFormed()
    {
        var skipped = 0;
        var problems = 0;
        for (var seed = 0; seed < Mutations; seed++)
        {
            var body = Encoding.UTF8.GetBytes(MutateStructure(Page, new Random(seed)));
            problems += Check(body, $"structural seed {seed}") ? 0 : 1;
            skipped += NotificationParser.Parse(body, "home.example").Entries.Count(e => e.Skipped is not null and not "not a mention");
        }

        output.WriteLine($"social notifications, structural mutations: cases={Mutations} readable={Mutations - problems} page-problem={problems} malformed-entries-skipped={skipped}");
        Assert.True(skipped > 0, "Structural mutations should make some entries malformed.");
    }

    [Fact]
    public async Task MutatedPagesOverHttp_NeverMakeThePollerThrow()
    {
        await using var context = await SocialTestContext.StartAsync();
        var poller = context.Poller();
        for (var seed = 0; seed < 30; seed++)
        {
            var random = new Random(seed);
            context.Server.NotificationsBodyOverride = seed % 2 == 0
                ? Encoding.UTF8.GetString(MutateBytes(Encoding.UTF8.GetBytes(Page), random))
                : MutateStructure(Page, random);

            var result = await poller.PollAsync("t1", "1", CancellationToken.None);

            Assert.All(result.Messages, m => Assert.False(string.IsNullOrWhiteSpace(m.TextBody)));
            Assert.NotNull(result.NextCursor);
        }
    }

    /// <returns>Whether the page as a whole was readable.</returns>
    private static bool Check(byte[] body, string label)
    {
        NotificationPage page;
        try
        {
            page = NotificationParser.Parse(body, "home.example");
        }
        catch (Exception exception)
        {
            throw new Xunit.Sdk.XunitException($"{label} threw {exception.GetType().Name}: {exception.Message}\nBody: {Encoding.UTF8.GetString(body)}");
        }

        if (page.Problem is not null)
        {
            Assert.Empty(page.Entries);
            return false;
        }

        foreach (var entry in page.Entries)
        {
            Assert.True(entry.Message is null ^ entry.Skipped is null, label);
            Assert.True(entry.Id is null || NotificationIds.IsValid(entry.Id), label);
            if (entry.Message is { } message)
            {
                Assert.NotNull(entry.Id);
                Assert.Equal("social", message.Channel);
                Assert.True(NotificationIds.IsValid(message.ExternalId), label);
                Assert.Matches("^@[^@]+@.+$", message.SenderAddress);
                Assert.False(string.IsNullOrWhiteSpace(message.TextBody), label);
                Assert.True(message.InReplyTo is null || NotificationIds.IsValid(message.InReplyTo), label);
            }
            else
            {
                Assert.Matches("not a mention|'\\$\\[\\d+\\]", entry.Skipped);
            }
        }

        return true;
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
}
