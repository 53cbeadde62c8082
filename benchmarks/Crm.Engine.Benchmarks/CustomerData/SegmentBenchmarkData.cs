using System.Buffers.Binary;
using System.Globalization;
using Crm.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// Builds the segment database (default 1,000,000 customers, 5,000,000 interactions, 2,000,000 purchases) once, with
/// a fixed seed, through the provider's bulk insert inside one session transaction, then scores RFM as of
/// <see cref="Storage.BenchmarkData.AsOf"/> and refreshes the planner statistics.
/// </summary>
/// <remarks>
/// Records are generated lazily (nothing is held in memory but the customer ids) and in the order an application
/// writes them: customer ids ascend like time-ordered ids, and each customer's history is written together, so the
/// build is bounded by SQLite's insert speed. Interactions and purchases are spread over customers at random
/// (a multinomial draw: some customers have none, some many) and over the year before <c>AsOf</c>.
/// </remarks>
internal static class SegmentBenchmarkData
{
    private const int GeneratorVersion = 3;
    private static readonly string[] FirstNames = ["Mia", "Noah", "Emma", "Liam", "Olivia", "Ben", "Ava", "Paul"];
    private static readonly string[] LastNames = ["Schmidt", "Müller", "Smith", "Ng", "Dupont", "Rossi", "Kowalski"];
    private static readonly string[] Countries = ["DE", "AT", "GB", "US", "FR", "IT"];
    private static readonly string[] Channels = ["email", "phone", "chat", "sms", "social"];
    private static readonly string[] Plans = ["gold", "silver", "bronze"];
    private const int SecondsPerYear = 365 * 24 * 3600;

    /// <summary>Returns the path of the database for the configured sizes, building it first when it is not cached.</summary>
    public static string Ensure(int customers, int interactionsPerCustomer, int purchasesPerCustomer)
    {
        Directory.CreateDirectory(CustomerDataBench.CacheDirectory);
        var name = string.Create(CultureInfo.InvariantCulture, $"segments-v{GeneratorVersion}-{customers}c-{interactionsPerCustomer}i-{purchasesPerCustomer}p.db");
        var path = Path.Combine(CustomerDataBench.CacheDirectory, name);
        if (File.Exists(path))
        {
            return path;
        }

        var building = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".building";
        // A large page cache for the build only: the random-order indexes of a 5M-row table outgrow the default 32 MB.
        using (var provider = new SqliteStorageProvider(new SqliteStorageOptions { DataSource = building, PageCacheMegabytes = 1024 }))
        {
            provider.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            var ids = CustomerIds(customers);
            var session = provider.OpenSessionAsync(Storage.BenchmarkData.TenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            try
            {
                var transaction = session.BeginTransactionAsync(CancellationToken.None).GetAwaiter().GetResult();
                CustomerDataBench.Timed($"insert {customers:N0} customers", () => session.Customers.BulkInsertAsync(Customers(ids), CancellationToken.None).GetAwaiter().GetResult());
                CustomerDataBench.Timed($"insert {(long)customers * interactionsPerCustomer:N0} interactions", () => session.Interactions.BulkInsertAsync(Interactions(ids, interactionsPerCustomer), CancellationToken.None).GetAwaiter().GetResult());
                CustomerDataBench.Timed($"insert {(long)customers * purchasesPerCustomer:N0} purchases", () => session.Purchases.BulkInsertAsync(Purchases(ids, purchasesPerCustomer), CancellationToken.None).GetAwaiter().GetResult());
                CustomerDataBench.Timed("commit", () => { transaction.CommitAsync(CancellationToken.None).GetAwaiter().GetResult(); return 0; });
                transaction.DisposeAsync().AsTask().GetAwaiter().GetResult();
                var rfm = CustomerDataBench.Timed("RFM scoring", () => session.Segments.ComputeRfmAsync(Storage.BenchmarkData.AsOf, CancellationToken.None).GetAwaiter().GetResult());
                Console.WriteLine($"// RFM segments: {string.Join(", ", rfm.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value:N0}"))}");
            }
            finally
            {
                session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            using var connection = new SqliteConnection(provider.ConnectionString);
            connection.Open();
            using var analyze = connection.CreateCommand();
            // Statistics as a long-running application would have them (PRAGMA optimize runs at every start).
            analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            CustomerDataBench.Timed("ANALYZE and checkpoint", () => analyze.ExecuteNonQuery());
        }

        CustomerDataBench.Publish(building, path);
        return path;
    }

    /// <summary>Ascending ids (the first four bytes count up, big-endian, as SQLite compares BLOBs), random otherwise.</summary>
    private static Guid[] CustomerIds(int count)
    {
        var random = new Random(1);
        var ids = new Guid[count];
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            BinaryPrimitives.WriteInt32BigEndian(bytes, i);
            ids[i] = new Guid(bytes);
        }

        return ids;
    }

    private static IEnumerable<Customer> Customers(Guid[] ids)
    {
        var random = new Random(2);
        for (var n = 0; n < ids.Length; n++)
        {
            var created = Storage.BenchmarkData.AsOf - TimeSpan.FromSeconds(random.Next(0, 3 * SecondsPerYear));
            var number = n.ToString(CultureInfo.InvariantCulture);
            yield return new Customer
            {
                Id = ids[n],
                TenantId = Storage.BenchmarkData.TenantId,
                ExternalId = "erp-" + number,
                FirstName = FirstNames[random.Next(FirstNames.Length)],
                LastName = LastNames[random.Next(LastNames.Length)],
                Company = random.Next(3) == 0 ? null : "Company " + (n % 997).ToString(CultureInfo.InvariantCulture),
                Emails = [$"c{number}@example.com"],
                Phones = ["+4930" + (1_000_000 + n).ToString(CultureInfo.InvariantCulture)],
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
                },
                LifecycleStage = (LifecycleStage)random.Next(0, 8),
                CreatedAt = created,
                UpdatedAt = created.AddDays(random.Next(0, 30)),
            };
        }
    }

    /// <summary>Draws how many of <c>count × perCustomer</c> records each customer gets (uniformly at random, so Poisson-like).</summary>
    private static ushort[] Spread(int count, int perCustomer, Random random)
    {
        var counts = new ushort[count];
        for (long i = 0; i < (long)count * perCustomer; i++)
        {
            counts[random.Next(count)]++;
        }

        return counts;
    }

    private static Guid SequentialId(long sequence, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes, sequence);
        return new Guid(bytes);
    }

    private static IEnumerable<Interaction> Interactions(Guid[] ids, int perCustomer)
    {
        var random = new Random(3);
        var counts = Spread(ids.Length, perCustomer, random);
        long sequence = 0;
        for (var c = 0; c < ids.Length; c++)
        {
            for (var k = 0; k < counts[c]; k++)
            {
                var at = Storage.BenchmarkData.AsOf - TimeSpan.FromSeconds(random.Next(0, SecondsPerYear));
                yield return new Interaction
                {
                    Id = SequentialId(sequence++, random),
                    TenantId = Storage.BenchmarkData.TenantId,
                    CustomerId = ids[c],
                    Channel = Channels[random.Next(Channels.Length)],
                    Direction = (InteractionDirection)random.Next(0, 3),
                    OccurredAt = at,
                    Subject = "Subject",
                    CreatedAt = at,
                };
            }
        }
    }

    private static IEnumerable<Purchase> Purchases(Guid[] ids, int perCustomer)
    {
        var random = new Random(4);
        var counts = Spread(ids.Length, perCustomer, random);
        long sequence = 0;
        for (var c = 0; c < ids.Length; c++)
        {
            for (var k = 0; k < counts[c]; k++)
            {
                var at = Storage.BenchmarkData.AsOf - TimeSpan.FromSeconds(random.Next(0, SecondsPerYear));
                var lines = new PurchaseLine[random.Next(1, 3)];
                for (var l = 0; l < lines.Length; l++)
                {
                    lines[l] = new PurchaseLine("SKU-" + random.Next(500).ToString(CultureInfo.InvariantCulture), "Product", random.Next(1, 4), random.Next(100, 20_000) / 100m);
                }

                yield return new Purchase
                {
                    Id = SequentialId(sequence, random),
                    TenantId = Storage.BenchmarkData.TenantId,
                    CustomerId = ids[c],
                    OrderNumber = "SO-" + sequence++.ToString(CultureInfo.InvariantCulture),
                    PurchasedAt = at,
                    Currency = "EUR",
                    Channel = "web",
                    Lines = lines,
                    CreatedAt = at,
                };
            }
        }
    }
}
