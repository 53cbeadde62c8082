using Crm.Engine.Templates;
using Crm.Engine;

namespace QuickStart;

/// <summary>Generates realistic, repeatable sample data (a fixed seed gives the same CRM every run).</summary>
internal sealed class SampleData(DateTimeOffset now, int seed = 42)
{
    /// <summary>The answer to pricing questions, sent by the auto-reply rule.</summary>
    public static MessageTemplate PricingReply { get; } = new()
    {
        Id = "pricing-reply",
        Variants = new Dictionary<string, TemplateVariant>
        {
            [MessageTemplate.DefaultVariant] = new("Hi {{default customer.firstName \"there\"}},\n\nthe Pro plan is 99 EUR per seat and month; 40 seats come with a free onboarding workshop.\n\nAcme Sales")
            {
                Subject = "Re: {{data.subject}}",
            },
        },
    };

    /// <summary>The welcome email sent with the first purchase.</summary>
    public static MessageTemplate Welcome { get; } = new()
    {
        Id = "welcome",
        Variants = new Dictionary<string, TemplateVariant>
        {
            [MessageTemplate.DefaultVariant] = new("Welcome aboard, {{customer.firstName}}! Your {{customer.company}} workspace is ready.")
            {
                Subject = "Welcome to Acme, {{customer.firstName}}",
                Html = "<p>Welcome aboard, <b>{{customer.firstName}}</b>! Your {{customer.company}} workspace is ready.</p>",
            },
        },
    };

    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Tim", "Frances", "Edsger", "Hedy", "John", "Katherine", "Niklaus", "Sophie", "Yukihiro", "Anita", "Guido"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Perlman", "Berners-Lee", "Allen", "Dijkstra", "Lamarr", "McCarthy", "Johnson", "Wirth", "Wilson", "Matsumoto", "Borg", "van Rossum"];
    private static readonly string[] Companies = ["Northwind Traders", "Contoso", "Fabrikam", "Adventure Works", "Tailspin Toys", "Wide World Importers", "Litware", "Proseware"];
    private static readonly (string Country, string City)[] Places = [("DE", "Berlin"), ("DE", "Hamburg"), ("GB", "London"), ("FR", "Paris"), ("NL", "Utrecht"), ("US", "Austin"), ("AT", "Vienna"), ("ES", "Madrid")];
    private static readonly string[] Tags = ["vip", "newsletter", "beta", "partner", "event-2026"];
    private static readonly string[] Channels = [InteractionChannels.Email, InteractionChannels.Email, InteractionChannels.Phone, InteractionChannels.Chat, InteractionChannels.Social, InteractionChannels.Meeting];
    private static readonly (string Sku, string Name, string Category, decimal Price)[] Products =
    [
        ("CRM-STARTER", "Starter plan (month)", "subscription", 29m),
        ("CRM-PRO", "Pro plan (month)", "subscription", 99m),
        ("ONBOARD", "Onboarding workshop", "services", 450m),
        ("SEAT-PACK", "5 extra seats", "add-on", 49.5m),
        ("SUPPORT-24", "24/7 support", "add-on", 199m),
    ];

    private readonly Random _random = new(seed);

    public List<Customer> Customers(int count)
    {
        var customers = new List<Customer>(count);
        for (var i = 0; i < count; i++)
        {
            var first = Pick(FirstNames);
            var last = Pick(LastNames);
            var (country, city) = Pick(Places);
            var company = _random.NextDouble() < 0.7 ? Pick(Companies) : null;
            customers.Add(new Customer
            {
                FirstName = first,
                LastName = last,
                Company = company,
                Emails = [$"{first}.{last.Replace(" ", "", StringComparison.Ordinal)}.{i}@{(company ?? "mail").Replace(" ", "", StringComparison.Ordinal)}.example".ToLowerInvariant()],
                Phones = _random.NextDouble() < 0.6 ? [$"+49 30 {_random.Next(1000000, 9999999)}"] : [],
                Demographics = new Demographics
                {
                    Country = country,
                    City = city,
                    BirthDate = new DateOnly(1950 + _random.Next(55), 1 + _random.Next(12), 1 + _random.Next(28)),
                    IncomeBand = Pick(["<25k", "25-50k", "50-75k", "75-100k", ">100k"]),
                },
                Tags = Tags.Where(_ => _random.NextDouble() < 0.2).ToArray(),
                LifecycleStage = (LifecycleStage)_random.Next(0, 7),
                Attributes = new Dictionary<string, AttributeValue> { ["seats"] = (decimal)_random.Next(1, 50), ["trial"] = _random.NextDouble() < 0.3 },
            });
        }

        return customers;
    }

    public List<Interaction> Interactions(IReadOnlyList<Customer> customers)
    {
        var interactions = new List<Interaction>();
        foreach (var customer in customers)
        {
            var count = _random.Next(0, 8);
            for (var i = 0; i < count; i++)
            {
                var channel = Pick(Channels);
                var inbound = _random.NextDouble() < 0.5;
                interactions.Add(new Interaction
                {
                    CustomerId = customer.Id,
                    Channel = channel,
                    Direction = inbound ? InteractionDirection.Inbound : InteractionDirection.Outbound,
                    OccurredAt = now.AddMinutes(-_random.Next(0, 120 * 24 * 60)),
                    Subject = Subject(channel, inbound),
                    Body = "…",
                });
            }
        }

        return interactions;
    }

    public List<Purchase> Purchases(IReadOnlyList<Customer> customers)
    {
        var purchases = new List<Purchase>();
        var order = 10_000;
        foreach (var customer in customers)
        {
            var count = _random.NextDouble() < 0.4 ? 0 : _random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                var lines = Enumerable.Range(0, _random.Next(1, 4)).Select(_ =>
                {
                    var p = Pick(Products);
                    return new PurchaseLine(p.Sku, p.Name, _random.Next(1, 4), p.Price) { Category = p.Category };
                }).ToArray();
                purchases.Add(new Purchase
                {
                    CustomerId = customer.Id,
                    OrderNumber = $"SO-{order++}",
                    PurchasedAt = now.AddMinutes(-_random.Next(0, 180 * 24 * 60)),
                    Currency = "EUR",
                    Channel = _random.NextDouble() < 0.8 ? "web" : "sales",
                    Lines = lines,
                });
            }
        }

        return purchases;
    }

    private static string Subject(string channel, bool inbound) => (channel, inbound) switch
    {
        (InteractionChannels.Email, true) => "Question about my invoice",
        (InteractionChannels.Email, false) => "Your monthly product update",
        (InteractionChannels.Phone, _) => "Call: renewal discussion",
        (InteractionChannels.Chat, _) => "Chat: how do I add a seat?",
        (InteractionChannels.Social, _) => "Mention: loving the new dashboard",
        _ => "Quarterly business review",
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
