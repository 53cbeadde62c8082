using System.Text;
using System.Text.Json;
using Crm.Engine.Conditions;
using Crm.Engine.Feedback;
using Crm.Engine.Support;

namespace Crm.Engine.Tests.Privacy;

public sealed class PrivacyServiceTests
{
    [Fact]
    public async Task Consent_LatestDecisionPerChannelAndPurposeWins_DefaultIsNo()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var c = await crm.Customers.CreateAsync(new Customer { LastName = "Lee" });
        IConsentChecker checker = crm.Privacy;

        Assert.False(await checker.HasConsentAsync(c.Id, "email", "marketing"));
        await crm.Privacy.RecordConsentAsync(c.Id, "Email", "Marketing", ConsentStatus.Granted, "signup-form");
        engine.Time.Advance(TimeSpan.FromDays(1));
        await crm.Privacy.RecordConsentAsync(c.Id, "sms", "marketing", ConsentStatus.Granted, "signup-form");
        engine.Time.Advance(TimeSpan.FromDays(1));
        await crm.Privacy.RecordConsentAsync(c.Id, "email", "marketing", ConsentStatus.Withdrawn, "unsubscribe-link");

        Assert.False(await checker.HasConsentAsync(c.Id, "email", "marketing"));
        Assert.True(await checker.HasConsentAsync(c.Id, "sms", "marketing"));
        Assert.False(await checker.HasConsentAsync(c.Id, "sms", "service"));
        var history = await crm.Privacy.GetConsentHistoryAsync(c.Id);
        Assert.Equal(
            [("email", ConsentStatus.Granted, "signup-form", TestEngine.Start), ("sms", ConsentStatus.Granted, "signup-form", TestEngine.Start.AddDays(1)), ("email", ConsentStatus.Withdrawn, "unsubscribe-link", TestEngine.Start.AddDays(2))],
            history.Select(h => (h.Channel, h.Status, h.Source, h.RecordedAt)));
        Assert.All(history, h => Assert.Equal(CrmCaller.SystemUserId, h.Actor));
        await Assert.ThrowsAsync<CrmNotFoundException>(() => crm.Privacy.RecordConsentAsync(Guid.NewGuid(), "email", "x", ConsentStatus.Granted, "f"));
        var invalid = await Assert.ThrowsAsync<CrmValidationException>(() => crm.Privacy.RecordConsentAsync(c.Id, " ", "x", ConsentStatus.Granted, ""));
        Assert.Equal(["channel", "source"], invalid.Errors.Select(e => e.Path));
    }

    [Fact]
    public async Task ExportAsync_WritesEverythingHeldAsJson()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant();
        var c = await crm.Customers.CreateAsync(new Customer { FirstName = "Ann", LastName = "Lee", Emails = ["ann@example.com"], Attributes = new Dictionary<string, AttributeValue> { ["plan"] = "Pro" } });
        await crm.Interactions.RecordAsync(new Interaction { CustomerId = c.Id, Channel = "email", OccurredAt = TestEngine.Start, Subject = "Hi Ann" });
        await crm.Purchases.RecordAsync(new Purchase { CustomerId = c.Id, PurchasedAt = TestEngine.Start, Currency = "EUR", Lines = [new PurchaseLine("s", "Widget", 2, 5)] });
        await crm.Privacy.RecordConsentAsync(c.Id, "email", "newsletter", ConsentStatus.Granted, "form");
        await crm.Segments.ComputeRfmAsync();

        using var output = new MemoryStream();
        await crm.Privacy.ExportAsync(c.Id, output);

        using var json = JsonDocument.Parse(output.ToArray());
        var root = json.RootElement;
        Assert.Equal("ann@example.com", root.GetProperty("customer").GetProperty("emails")[0].GetString());
        Assert.Equal("Pro", root.GetProperty("customer").GetProperty("attributes").GetProperty("plan").GetString());
        Assert.Equal("Hi Ann", root.GetProperty("interactions")[0].GetProperty("subject").GetString());
        Assert.Equal(10m, root.GetProperty("purchases")[0].GetProperty("total").GetDecimal());
        Assert.Equal("newsletter", root.GetProperty("consent")[0].GetProperty("purpose").GetString());
        Assert.Equal(1, root.GetProperty("rfm").GetProperty("recency").GetInt32());
    }

    [Fact]
    public async Task EraseAsync_LeavesNoTraceInDatabaseFiles_KeepsAnonymousAggregates()
    {
        await using var engine = await TestEngine.CreateAsync(options: o => o.DefaultPhoneRegion = "DE");
        var crm = engine.Tenant("privacy");
        const string First = "Zebulon";
        const string Last = "Quixotewright";
        const string Email = "zebulon.quixotewright@example.org";
        const string Phone = "+4915199887766";
        var person = await crm.Customers.CreateAsync(new Customer
        {
            FirstName = First,
            LastName = Last,
            Company = "Quixotewright Holdings",
            ExternalId = "crm-zq-1",
            Emails = [Email, "zq.private@example.net"],
            Phones = ["0151 99887766"],
            Demographics = new Demographics { City = "Zebulonstadt", BirthDate = new DateOnly(1984, 2, 29), Country = "DE" },
            Attributes = new Dictionary<string, AttributeValue> { ["nickname"] = "Zebby Quixotewright" },
        });
        var twin = await crm.Customers.CreateAsync(new Customer { FirstName = First, LastName = Last + "s", Emails = ["zq.twin@example.org"] });
        // Earlier versions of the row leave old cells behind; the erasure must leave none of them either.
        person = await crm.Customers.UpdateAsync(person with { Tags = ["vip", Last] });
        var other = await crm.Customers.CreateAsync(new Customer { FirstName = "Other", LastName = "Person", Emails = ["other@example.com"] });
        for (var i = 0; i < 3; i++)
        {
            await crm.Interactions.RecordAsync(new Interaction
            {
                CustomerId = person.Id,
                Channel = i == 0 ? "email" : "phone",
                OccurredAt = TestEngine.Start.AddDays(-i),
                Subject = $"Re: order for {First} {Last}",
                Body = $"Dear {First}, call me on {Phone} or write to {Email}. " + new string('x', 5000),
                ExternalId = $"<{i}.{Email}>",
                Metadata = new Dictionary<string, string> { ["from"] = Email },
            });
            await crm.Purchases.RecordAsync(new Purchase { CustomerId = person.Id, PurchasedAt = TestEngine.Start.AddDays(-i), Currency = "EUR", Lines = [new PurchaseLine("sku", "Widget", 1, 10 + i)] });
        }

        // Areas added after customers hold what the person wrote too: a case's subject and description, free-text answers.
        var supportCase = await crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = person.Id, Subject = $"{First} {Last} cannot log in", Description = $"Reach {First} at {Email}." });
        var survey = await crm.Feedback.DefineSurveyAsync(Tests.Feedback.FeedbackScoreTests.Survey());
        await crm.Feedback.RecordAsync(new SurveyResponse { Id = Guid.Empty, SurveyId = survey.Id, CustomerId = person.Id, ReceivedAt = TestEngine.Start, Answers = [new SurveyAnswer("nps") { Score = 9 }, new SurveyAnswer("why") { Text = $"Ask {First} {Last} on {Phone}" }] });
        await crm.Duplicates.MergeAsync(person.Id, twin.Id, new MergeOptions { DefaultRule = SurvivorshipRule.PreferSurvivor });
        await crm.Privacy.RecordConsentAsync(person.Id, "email", "marketing", ConsentStatus.Granted, "form");
        await crm.Segments.ComputeRfmAsync();
        var needles = new[] { First, Last, Email, Phone, "zq.private@example.net", "zq.twin@example.org", "99887766", "Zebulonstadt" };
        Assert.NotEmpty(FindTraces(engine, needles)); // the scan works: before erasure the data is there

        var record = await crm.Privacy.EraseAsync(person.Id, "gdpr-art-17-request");

        Assert.Empty(FindTraces(engine, needles));

        // Anonymous aggregates stay: purchases (amounts, dates), interaction counts and channels, country.
        var erased = (await crm.Customers.GetAsync(person.Id))!;
        Assert.Equal(("", "", null, 0, "DE"), (erased.FirstName, erased.LastName, erased.Company, erased.Emails.Count, erased.Demographics.Country));
        Assert.Equal(1, await crm.Segments.CountAsync(ConditionParser.Parse("""{"all":[{"field":"purchaseCount","op":"eq","value":3},{"field":"totalSpent","op":"eq","value":33},{"count":"interactions","where":{"field":"channel","op":"eq","value":"phone"},"op":"eq","value":2}]}""", SegmentFields.Customer)));
        var timeline = (await crm.Interactions.GetTimelineAsync(person.Id)).Items;
        Assert.All(timeline, i => Assert.True(i.Subject is null && i.Body is null && i.ExternalId is null && i.Metadata.Count == 0));
        Assert.NotNull(await crm.Segments.GetRfmAsync(person.Id));
        Assert.False(await crm.Privacy.HasConsentAsync(person.Id, "email", "x"));
        Assert.Null(await crm.Customers.FindByEmailAsync(Email));
        Assert.Equal("Other", (await crm.Customers.GetAsync(other.Id))!.FirstName);

        var keptCase = (await crm.Cases.GetAsync(supportCase.Id))!;
        Assert.Equal(("", null, supportCase.Status), (keptCase.Subject, keptCase.Description, keptCase.Status));
        var nps = Assert.Single(await crm.Feedback.GetScoresAsync(new FeedbackQuery { From = TestEngine.Start.AddDays(-1), Until = TestEngine.Start.AddDays(1) }));
        Assert.Equal(1, nps.Counts.Promoters); // the score column stays for the aggregates; the answers' text is gone
        Assert.Equal((3L, 3L, 1L), (record.InteractionsAnonymized, record.PurchasesKept, record.MergeSnapshotsRemoved));
        var log = Assert.Single(await crm.Privacy.GetErasureLogAsync());
        Assert.Equal((person.Id, "gdpr-art-17-request", TestEngine.Start), (log.CustomerId, log.Reason, log.ErasedAt));
    }

    /// <summary>Scans the raw bytes of the database, -wal and -shm files for each needle in UTF-8 and UTF-16.</summary>
    private static List<string> FindTraces(TestEngine engine, string[] needles)
    {
        var provider = (Crm.Plugins.Storage.Sqlite.SqliteStorageProvider)engine.Provider.GetService(typeof(Storage.IStorageProvider))!;
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(provider.ConnectionString).DataSource;
        var found = new List<string>();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            foreach (var needle in needles)
            {
                foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
                {
                    if (bytes.AsSpan().IndexOf(encoding.GetBytes(needle)) >= 0)
                    {
                        found.Add($"{Path.GetFileName(file)}: {needle} ({encoding.WebName})");
                    }
                }
            }
        }

        return found;
    }
}
