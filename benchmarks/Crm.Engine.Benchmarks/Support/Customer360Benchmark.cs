using BenchmarkDotNet.Attributes;
using Crm.Engine.Benchmarks.CustomerData;
using Crm.Engine.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Benchmarks.Support;

/// <summary>
/// The customer 360 for a customer with 10,000 interactions (plus 200 purchases, 30 cases, consents and an RFM score)
/// in a SQLite database that also holds 1,000 other customers with 10 interactions each. Goal: under 20 ms.
/// Baseline: reading the profile alone.
/// </summary>
[MemoryDiagnoser]
public class Customer360Benchmark
{
    private const int Interactions = 10_000;
    private string _databasePath = "";
    private ServiceProvider? _services;
    private ICrmContext _crm = null!;
    private Guid _customerId;

    [GlobalSetup]
    public void Seed() => SeedAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Storage.BenchmarkData.DeleteDatabase(_databasePath);
    }

    [Benchmark(Baseline = true)]
    public Task<Customer?> ProfileOnly() => _crm.Customers.GetAsync(_customerId);

    [Benchmark]
    public Task<Customer360?> Customer360() => _crm.Customer360.GetAsync(new Customer360Request { CustomerId = _customerId });

    private async Task SeedAsync()
    {
        _databasePath = Storage.BenchmarkData.NewDatabasePath();
        (_services, _crm) = CustomerDataBench.CreateEngine(_databasePath);
        var now = Storage.BenchmarkData.AsOf;
        var customer = await _crm.Customers.CreateAsync(new Customer { FirstName = "Ada", LastName = "Lovelace", Emails = ["ada@example.com"] });
        _customerId = customer.Id;
        await _crm.Interactions.ImportAsync(Enumerable.Range(0, Interactions).Select(i => new Interaction
        {
            CustomerId = customer.Id,
            Channel = (i % 3) switch { 0 => "email", 1 => "chat", _ => "phone" },
            Direction = i % 2 == 0 ? InteractionDirection.Inbound : InteractionDirection.Outbound,
            OccurredAt = now.AddMinutes(-i * 7),
            Subject = "Message " + i,
            Body = "Body of message " + i,
        }));
        for (var c = 0; c < 1_000; c++)
        {
            var other = await _crm.Customers.CreateAsync(new Customer { FirstName = "Other" + c, LastName = "Customer" });
            await _crm.Interactions.ImportAsync(Enumerable.Range(0, 10).Select(i => new Interaction { CustomerId = other.Id, Channel = "email", OccurredAt = now.AddHours(-i) }));
        }

        await _crm.Purchases.ImportAsync(Enumerable.Range(0, 200).Select(i => new Purchase
        {
            CustomerId = customer.Id,
            PurchasedAt = now.AddDays(-i * 3),
            Currency = "EUR",
            Lines = [new PurchaseLine("SKU-" + (i % 17), "Product", 1 + (i % 3), 9.99m)],
        }));
        for (var i = 0; i < 30; i++)
        {
            var opened = await _crm.Cases.OpenAsync(new OpenCaseRequest { CustomerId = customer.Id, Subject = "Case " + i });
            if (i % 5 != 0)
            {
                await _crm.Cases.ChangeStatusAsync(opened.Id, CaseStatus.Resolved);
            }
        }

        await _crm.Privacy.RecordConsentAsync(customer.Id, "email", "marketing", ConsentStatus.Granted, "signup");
        await _crm.Segments.ComputeRfmAsync();
    }
}
