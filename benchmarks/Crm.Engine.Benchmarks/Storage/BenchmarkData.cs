using System.Globalization;

namespace Crm.Engine.Benchmarks.Storage;

/// <summary>Generates the same realistic records for every storage benchmark (fixed seed).</summary>
internal static class BenchmarkData
{
    public const string TenantId = "bench";

    /// <summary>The fixed evaluation instant; data lies in the year before it.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] FirstNames = ["Mia", "Noah", "Emma", "Liam", "Olivia", "Ben", "Ava", "Paul"];
    private static readonly string[] LastNames = ["Schmidt", "Müller", "Smith", "Ng", "Dupont", "Rossi", "Kowalski"];
    private static readonly string[] Countries = ["DE", "AT", "GB", "US", "FR", "IT"];
    private static readonly string[] Channels = ["email", "phone", "chat", "sms", "social"];
    private static readonly string[] Plans = ["gold", "silver", "bronze"];

    public static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public static Customer[] Customers(int count, int seed = 1)
    {
        var random = new Random(seed);
        var customers = new Customer[count];
        for (var n = 0; n < count; n++)
        {
            var created = AsOf - TimeSpan.FromSeconds(random.Next(0, 3 * 365 * 24 * 3600));
            var number = n.ToString(CultureInfo.InvariantCulture);
            customers[n] = new Customer
            {
                Id = NewId(random),
                TenantId = TenantId,
                ExternalId = "erp-" + number,
                FirstName = FirstNames[random.Next(FirstNames.Length)],
                LastName = LastNames[random.Next(LastNames.Length)],
                Company = random.Next(3) == 0 ? null : "Company " + (n % 997).ToString(CultureInfo.InvariantCulture),
                Emails = random.Next(4) == 0 ? [$"c{number}@example.com", $"c{number}@work.example"] : [$"c{number}@example.com"],
                Phones = [$"+49 30 {number}"],
                Demographics = new Demographics
                {
                    BirthDate = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 50 * 365)),
                    Country = Countries[random.Next(Countries.Length)],
                    City = "City " + random.Next(100).ToString(CultureInfo.InvariantCulture),
                },
                Tags = random.Next(2) == 0 ? ["newsletter"] : ["newsletter", "vip"],
                Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    ["plan"] = Plans[random.Next(Plans.Length)],
                    ["score"] = random.Next(0, 1000),
                    ["since"] = DateOnly.FromDateTime(created.UtcDateTime),
                },
                LifecycleStage = (LifecycleStage)random.Next(0, 8),
                CreatedAt = created,
                UpdatedAt = created.AddDays(random.Next(0, 30)),
            };
        }

        return customers;
    }

    /// <summary>Creates about <paramref name="perCustomer"/> interactions per customer over the year before <see cref="AsOf"/>.</summary>
    public static List<Interaction> Interactions(Customer[] customers, int perCustomer, int seed = 2)
    {
        var random = new Random(seed);
        var interactions = new List<Interaction>(customers.Length * perCustomer);
        for (var i = 0; i < customers.Length * perCustomer; i++)
        {
            var at = AsOf - TimeSpan.FromSeconds(random.Next(0, 365 * 24 * 3600));
            interactions.Add(new Interaction
            {
                Id = NewId(random),
                TenantId = TenantId,
                CustomerId = customers[random.Next(customers.Length)].Id,
                Channel = Channels[random.Next(Channels.Length)],
                Direction = (InteractionDirection)random.Next(0, 3),
                OccurredAt = at,
                Subject = "Subject " + i.ToString(CultureInfo.InvariantCulture),
                CreatedAt = at,
            });
        }

        return interactions;
    }

    /// <summary>Creates about <paramref name="perCustomer"/> purchases per customer over the year before <see cref="AsOf"/>.</summary>
    public static List<Purchase> Purchases(Customer[] customers, int perCustomer, int seed = 3)
    {
        var random = new Random(seed);
        var purchases = new List<Purchase>(customers.Length * perCustomer);
        for (var i = 0; i < customers.Length * perCustomer; i++)
        {
            var at = AsOf - TimeSpan.FromSeconds(random.Next(0, 365 * 24 * 3600));
            var lines = new PurchaseLine[random.Next(1, 3)];
            for (var l = 0; l < lines.Length; l++)
            {
                lines[l] = new PurchaseLine("SKU-" + random.Next(500).ToString(CultureInfo.InvariantCulture), "Product", random.Next(1, 4), random.Next(100, 20_000) / 100m);
            }

            purchases.Add(new Purchase
            {
                Id = NewId(random),
                TenantId = TenantId,
                CustomerId = customers[random.Next(customers.Length)].Id,
                OrderNumber = "SO-" + i.ToString(CultureInfo.InvariantCulture),
                PurchasedAt = at,
                Currency = "EUR",
                Channel = "web",
                Lines = lines,
                CreatedAt = at,
            });
        }

        return purchases;
    }

    public static string NewDatabasePath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-benchmarks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "crm.db");
    }

    public static void DeleteDatabase(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
