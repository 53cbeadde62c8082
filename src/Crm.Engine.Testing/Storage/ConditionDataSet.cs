using Crm.Engine.Conditions;
using Crm.Engine.Storage;

namespace Crm.Engine.Testing.Storage;

/// <summary>
/// Holds the read-only records the condition tests query: a few hand-made customers with known answers, and
/// generated ones (fixed seed) that reach the edges: missing fields, empty sets, attributes of every kind and of
/// mixed types, non-UTC offsets, boundary timestamps, related records on every relation.
/// </summary>
internal sealed class ConditionDataSet
{
    /// <summary>The evaluation instant of every condition test.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] FirstNames = ["Mia", "Noah", "Émile", "Olivia", "liam", "Zoë", "Ava", "Ben"];
    private static readonly string[] LastNames = ["Schmidt", "Müller", "Smith", "smith", "Ng", "Dupont", "Ørsted"];
    private static readonly string?[] Companies = [null, "Acme", "acme", "Globex", "Initech", "Acme Corp", ""];
    private static readonly string?[] Countries = [null, "DE", "AT", "GB", "US", "FR"];
    private static readonly string?[] Cities = [null, "Berlin", "Wien", "Paris", "Zürich"];
    private static readonly string[] TagPool = ["vip", "early", "newsletter", "b2b", "VIP"];
    private static readonly string[] Plans = ["gold", "silver", "bronze", "Gold"];
    private static readonly string[] Channels = [InteractionChannels.Email, InteractionChannels.Phone, InteractionChannels.Chat, InteractionChannels.Sms, InteractionChannels.Social];
    private static readonly string?[] Subjects = [null, "Hello", "Re: order 17", "Complaint", "order"];
    private static readonly string[] Skus = ["SKU-A", "SKU-B", "SKU-C", "sku-a"];
    private static readonly string?[] Categories = [null, "tools", "toys"];

    private ConditionDataSet(string tenantId, List<Customer> customers, List<Interaction> interactions, List<Purchase> purchases)
    {
        TenantId = tenantId;
        Customers = customers;
        Interactions = interactions;
        Purchases = purchases;
    }

    public string TenantId { get; }

    public IReadOnlyList<Customer> Customers { get; }

    public IReadOnlyList<Interaction> Interactions { get; }

    public IReadOnlyList<Purchase> Purchases { get; }

    public Customer Named(string firstName, string lastName) =>
        Customers.Single(c => c.FirstName == firstName && c.LastName == lastName);

    public static ConditionDataSet Create(string tenantId)
    {
        var random = new Random(20260315);
        var customers = new List<Customer>();
        var interactions = new List<Interaction>();
        var purchases = new List<Purchase>();

        Customer Add(Customer c)
        {
            customers.Add(c);
            return c;
        }

        void Talk(Customer c, TimeSpan ago, string channel, InteractionDirection direction, string? subject = "Hello", string? externalId = null)
        {
            var at = AsOf - ago;
            interactions.Add(new Interaction
            {
                Id = ConformanceData.NewId(random),
                TenantId = tenantId,
                CustomerId = c.Id,
                Channel = channel,
                Direction = direction,
                OccurredAt = at,
                Subject = subject,
                ExternalId = externalId,
                CreatedAt = at.AddMinutes(5),
            });
        }

        void Buy(Customer c, TimeSpan ago, string currency, string? channel, params PurchaseLine[] lines)
        {
            var at = AsOf - ago;
            purchases.Add(new Purchase
            {
                Id = ConformanceData.NewId(random),
                TenantId = tenantId,
                CustomerId = c.Id,
                OrderNumber = channel is null ? null : "SO-" + purchases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                PurchasedAt = at,
                Currency = currency,
                Channel = channel,
                Lines = lines,
                CreatedAt = at.AddHours(1),
            });
        }

        var ada = Add(new Customer
        {
            Id = ConformanceData.NewId(random),
            TenantId = tenantId,
            FirstName = "Ada",
            LastName = "Lovelace",
            Company = "Analytical",
            Emails = ["ada@example.com", "ada.l@work.example"],
            Phones = ["+44 1"],
            Demographics = new Demographics { BirthDate = new DateOnly(1990, 12, 10), Country = "GB", City = "London" },
            LifecycleStage = LifecycleStage.Customer,
            Tags = ["vip", "early"],
            Attributes = Attributes(("plan", "gold"), ("score", 42m), ("vip", true), ("since", new DateOnly(2020, 1, 1))),
            CreatedAt = AsOf.AddDays(-400),
            UpdatedAt = AsOf.AddDays(-10),
        });
        Talk(ada, TimeSpan.FromDays(2), InteractionChannels.Email, InteractionDirection.Inbound, externalId: "msg-1");
        Talk(ada, TimeSpan.FromDays(40), InteractionChannels.Phone, InteractionDirection.Outbound);
        Buy(ada, TimeSpan.FromDays(5), "EUR", "web", new PurchaseLine("SKU-A", "Widget", 2, 10.25m) { Category = "tools" });
        Buy(ada, TimeSpan.FromDays(200), "EUR", "store", new PurchaseLine("SKU-B", "Gadget", 1, 100m));

        var grace = Add(new Customer
        {
            Id = ConformanceData.NewId(random),
            TenantId = tenantId,
            FirstName = "Grace",
            LastName = "Hopper",
            Demographics = new Demographics { Country = "US" },
            LifecycleStage = LifecycleStage.Lead,
            Attributes = Attributes(("plan", "silver"), ("score", 7.5m)),
            CreatedAt = AsOf.AddDays(-20),
            UpdatedAt = AsOf.AddDays(-20),
        });
        Talk(grace, TimeSpan.FromDays(1), InteractionChannels.Sms, InteractionDirection.Outbound, subject: null);

        var alan = Add(new Customer
        {
            Id = ConformanceData.NewId(random),
            TenantId = tenantId,
            ExternalId = "erp-alan",
            FirstName = "alan",
            LastName = "Turing",
            Company = "acme",
            Emails = ["Alan@Example.com"],
            Demographics = new Demographics { Country = "GB" },
            LifecycleStage = LifecycleStage.Opportunity,
            Tags = ["VIP"],
            Attributes = Attributes(("score", "42"), ("vip", "true")),
            CreatedAt = new DateTimeOffset(2025, 12, 5, 9, 0, 0, TimeSpan.FromHours(5.5)),
            UpdatedAt = AsOf.AddDays(-3),
        });
        Buy(alan, TimeSpan.FromDays(31), "USD", null, new PurchaseLine("SKU-A", "Widget", 1, 5.5m));

        var blank = Add(new Customer
        {
            Id = ConformanceData.NewId(random),
            TenantId = tenantId,
            Company = "Acme Corp",
            LifecycleStage = LifecycleStage.Subscriber,
            Tags = ["early"],
            CreatedAt = AsOf.AddDays(-1),
            UpdatedAt = AsOf.AddDays(-1),
        });
        Talk(blank, TimeSpan.FromDays(3), InteractionChannels.Email, InteractionDirection.Inbound, "Re: order 17");
        Talk(blank, TimeSpan.FromDays(4), InteractionChannels.Email, InteractionDirection.Inbound);
        Talk(blank, TimeSpan.FromDays(5), InteractionChannels.Email, InteractionDirection.Internal);
        Buy(blank, TimeSpan.FromDays(30), "EUR", "web",
            new PurchaseLine("SKU-C", "Cable", 3, 3.33m) { Discount = 0.99m },
            new PurchaseLine("SKU-A", "Widget", 0.5m, 20m),
            new PurchaseLine("sku-a", "widget (b-stock)", 1, 12.5m) { Category = "toys" });

        Add(new Customer
        {
            Id = ConformanceData.NewId(random),
            TenantId = tenantId,
            FirstName = "Robert",
            LastName = "x'); DROP TABLE customers;--",
            Company = "O'Hara & Sons",
            Demographics = new Demographics { City = "Zürich", BirthDate = new DateOnly(2010, 1, 1) },
            LifecycleStage = LifecycleStage.Churned,
            Attributes = Attributes(("plan", "' OR 1=1 --")),
            CreatedAt = AsOf.AddDays(-800),
            UpdatedAt = AsOf.AddDays(-800),
        });

        for (var n = 0; n < 30; n++)
        {
            var c = Add(Generated(tenantId, random, n));
            var talks = random.Next(0, 5);
            for (var i = 0; i < talks; i++)
            {
                Talk(c, TimeSpan.FromHours(random.Next(1, 400 * 24)), Pick(random, Channels), (InteractionDirection)random.Next(0, 3),
                    Pick(random, Subjects), random.Next(0, 3) == 0 ? $"msg-{n}-{i}" : null);
            }

            var buys = random.Next(0, 4);
            for (var i = 0; i < buys; i++)
            {
                var lines = new PurchaseLine[random.Next(1, 4)];
                for (var l = 0; l < lines.Length; l++)
                {
                    lines[l] = new PurchaseLine(Pick(random, Skus), l == 0 ? "Widget" : "Part " + l, random.Next(0, 4) == 0 ? 0.5m : random.Next(1, 6), random.Next(50, 9_000) / 100m)
                    {
                        Category = Pick(random, Categories),
                        Discount = random.Next(0, 3) == 0 ? 0.25m : 0m,
                    };
                }

                Buy(c, TimeSpan.FromDays(random.Next(0, 500)) + TimeSpan.FromMinutes(random.Next(0, 1440)), random.Next(0, 3) == 0 ? "USD" : "EUR",
                    random.Next(0, 3) == 0 ? null : Pick(random, ["web", "store"]), lines);
            }
        }

        return new ConditionDataSet(tenantId, customers, interactions, purchases);
    }

    public async Task SeedAsync(IStorageProvider provider)
    {
        var session = await provider.OpenSessionAsync(TenantId, CancellationToken.None).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await session.Customers.BulkInsertAsync(Customers, CancellationToken.None).ConfigureAwait(false);
            await session.Interactions.BulkInsertAsync(Interactions, CancellationToken.None).ConfigureAwait(false);
            await session.Purchases.BulkInsertAsync(Purchases, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates a customer condition in memory: the oracle providers are compared with.</summary>
    public HashSet<Guid> ExpectedCustomers(Condition condition, DateTimeOffset asOf)
    {
        var compiled = ConditionEvaluator.Compile(condition, CrmFields.Customer);
        return Customers
            .Where(c => compiled.Matches(
                new CustomerConditionTarget(c, Interactions.Where(i => i.CustomerId == c.Id).ToList(), Purchases.Where(p => p.CustomerId == c.Id).ToList()),
                asOf))
            .Select(c => c.Id)
            .ToHashSet();
    }

    public HashSet<Guid> ExpectedInteractions(Condition condition, DateTimeOffset asOf)
    {
        var compiled = ConditionEvaluator.Compile(condition, CrmFields.Interaction);
        return Interactions.Where(i => compiled.Matches(new InteractionConditionTarget(i), asOf)).Select(i => i.Id).ToHashSet();
    }

    public HashSet<Guid> ExpectedPurchases(Condition condition, DateTimeOffset asOf)
    {
        var compiled = ConditionEvaluator.Compile(condition, CrmFields.Purchase);
        return Purchases.Where(p => compiled.Matches(new PurchaseConditionTarget(p), asOf)).Select(p => p.Id).ToHashSet();
    }

    private static Customer Generated(string tenantId, Random random, int n)
    {
        var created = AsOf - TimeSpan.FromMinutes(random.Next(0, 700 * 24 * 60));
        if (random.Next(0, 4) == 0)
        {
            created = created.ToOffset(TimeSpan.FromHours(-7));
        }

        var tags = TagPool.Where(_ => random.Next(0, 3) == 0).ToList();
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        if (random.Next(0, 3) > 0)
        {
            attributes["plan"] = Pick(random, Plans);
        }

        switch (random.Next(0, 5))
        {
            case 0: attributes["score"] = random.Next(-10, 100); break;
            case 1: attributes["score"] = random.Next(0, 10_000) / 100m; break;
            case 2: attributes["score"] = random.Next(0, 100).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case 3: attributes["score"] = random.Next(0, 2) == 0; break;
        }

        if (random.Next(0, 2) == 0)
        {
            attributes["vip"] = random.Next(0, 2) == 0;
        }

        if (random.Next(0, 2) == 0)
        {
            attributes["since"] = DateOnly.FromDateTime(created.UtcDateTime).AddDays(-random.Next(0, 2000));
        }

        var emails = random.Next(0, 4) == 0 ? new List<string>() : [$"user{n}@example.com"];
        if (random.Next(0, 3) == 0)
        {
            emails.Add($"alt{n}@work.example");
        }

        return new Customer
        {
            Id = ConformanceData.NewId(random),
            TenantId = tenantId,
            ExternalId = random.Next(0, 2) == 0 ? $"ext-{n}" : null,
            FirstName = Pick(random, FirstNames),
            LastName = Pick(random, LastNames),
            Company = Pick(random, Companies),
            Emails = emails,
            Phones = random.Next(0, 2) == 0 ? [] : [$"+49 30 {n:D4}"],
            Demographics = new Demographics
            {
                BirthDate = random.Next(0, 3) == 0 ? null : new DateOnly(1950, 1, 1).AddDays(random.Next(0, 60 * 365)),
                Country = Pick(random, Countries),
                City = Pick(random, Cities),
                Gender = random.Next(0, 2) == 0 ? null : "x",
            },
            LifecycleStage = (LifecycleStage)random.Next(0, 8),
            OwnerId = random.Next(0, 2) == 0 ? null : "owner-" + random.Next(0, 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Tags = tags,
            Attributes = attributes,
            CreatedAt = created,
            UpdatedAt = created.AddDays(random.Next(0, 30)),
        };
    }

    private static Dictionary<string, AttributeValue> Attributes(params (string Key, AttributeValue Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
