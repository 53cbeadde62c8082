using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.CustomerData;

/// <summary>
/// Finds duplicates among 100,000 customers (3% are copies with a typo, a shared email or a shared phone) through
/// <see cref="IDuplicateService"/>: exact email/phone groups plus blocked Jaro-Winkler on name + company.
/// Baseline: reading the match keys from SQLite, which any detection must do. Customers: env CRM_BENCH_DUP_CUSTOMERS (default 100,000).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class DuplicateDetectionBenchmark
{
    private readonly int _customers = CustomerDataBench.DuplicateCustomers;
    private string _path = "";
    private ServiceProvider? _services;
    private ICrmContext? _crm;

    [GlobalSetup]
    public void BuildDatabase()
    {
        _path = Storage.BenchmarkData.NewDatabasePath();
        (_services, _crm) = CustomerDataBench.CreateEngine(_path);
        var random = new Random(11);
        var syllables = new[] { "an", "be", "ca", "do", "el", "fi", "ga", "ha", "in", "jo", "ka", "lu", "ma", "ne", "or", "pe", "ri", "sa", "to", "vi", "wa", "ze" };
        string Name(int parts) => string.Concat(Enumerable.Range(0, parts).Select(_ => syllables[random.Next(syllables.Length)]));
        var firstNames = Enumerable.Range(0, 400).Select(_ => Capitalize(Name(2))).ToArray();
        var lastNames = Enumerable.Range(0, 20_000).Select(_ => Capitalize(Name(3))).ToArray();
        var customers = new List<Customer>(_customers);
        for (var i = 0; i < _customers; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            if (i > 0 && random.Next(100) < 3)
            {
                var original = customers[random.Next(customers.Count)];
                customers.Add((random.Next(3)) switch
                {
                    0 => original with { Id = Guid.Empty, ExternalId = null, LastName = Typo(original.LastName, random), Emails = [$"x{n}@example.com"], Phones = [] },
                    1 => original with { Id = Guid.Empty, ExternalId = null, FirstName = "Other", LastName = "Person" + n, Phones = [] },
                    _ => original with { Id = Guid.Empty, ExternalId = null, FirstName = "Third", LastName = "Party" + n, Emails = [] },
                });
                continue;
            }

            customers.Add(new Customer
            {
                TenantId = Storage.BenchmarkData.TenantId,
                FirstName = firstNames[random.Next(firstNames.Length)],
                LastName = lastNames[random.Next(lastNames.Length)],
                Company = random.Next(2) == 0 ? null : "Company " + random.Next(5000).ToString(CultureInfo.InvariantCulture),
                Emails = [$"c{n}@example.com"],
                Phones = ["+4930" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture)],
            });
        }

        _crm.Customers.ImportAsync(customers).GetAwaiter().GetResult();
        Console.WriteLine($"// Duplicate pairs found: {FindDuplicates()} among {_customers} customers");
    }

    [GlobalCleanup]
    public void DeleteDatabase()
    {
        _services?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Storage.BenchmarkData.DeleteDatabase(_path);
    }

    [Benchmark(Baseline = true)]
    public int ReadMatchKeys()
    {
        var engine = _services!.GetRequiredService<Crm.Engine.Storage.IStorageProvider>();
        var session = engine.OpenSessionAsync(Storage.BenchmarkData.TenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        try
        {
            var count = 0;
            var keys = session.Merges.ReadMatchKeysAsync(CancellationToken.None).GetAsyncEnumerator();
            while (keys.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                count++;
            }

            keys.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return count;
        }
        finally
        {
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public int FindDuplicates() => _crm!.Duplicates.FindDuplicatesAsync().GetAwaiter().GetResult().Count;

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Typo(string s, Random random)
    {
        var i = random.Next(1, s.Length - 1);
        return s[..i] + s[i + 1] + s[i] + s[(i + 2)..];
    }
}
