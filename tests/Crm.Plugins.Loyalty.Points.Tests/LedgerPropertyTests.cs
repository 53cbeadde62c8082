using System.Collections.Concurrent;
using Crm.Engine.Loyalty;
using Crm.Engine.Storage;

namespace Crm.Plugins.Loyalty.Points.Tests;

/// <summary>
/// Property-style: many seeded random sequences of purchase deliveries (often repeated, sometimes two at once),
/// redemptions, manual awards (with repeated keys), negative adjustments, clock moves and expiry sweeps, run by four
/// concurrent workers over three customers. After each sequence the invariants must hold.
/// </summary>
public sealed class LedgerPropertyTests
{
    private const int Seeds = 30;
    private const int Workers = 4;
    private const int OperationsPerWorker = 15;

    [Fact]
    public async Task RandomConcurrentSequences_KeepBalanceEqualToLedgerSum_AndAwardEachPurchaseOnce()
    {
        await using var host = await ProgramHost.CreateAsync(o =>
        {
            o.PointsLifetime = TimeSpan.FromDays(20);
            o.Tiers.Add(new LoyaltyTier { Name = "Member", Threshold = 0 });
            o.Tiers.Add(new LoyaltyTier { Name = "Silver", Threshold = 300, RequalificationPeriod = TimeSpan.FromDays(15) });
        });

        for (var seed = 1; seed <= Seeds; seed++)
        {
            var failure = await RunSequenceAsync(host, seed);
            Assert.True(failure is null, $"seed {seed}: {failure}");
        }
    }

    private static async Task<string?> RunSequenceAsync(ProgramHost host, int seed)
    {
        var setup = new Random(seed);
        var customers = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var purchases = Enumerable.Range(0, 8)
            .Select(i => host.Purchase(customers[i % customers.Length], setup.Next(1, 20_000) / 100m))
            .ToArray();
        var delivered = new ConcurrentDictionary<string, LoyaltyEarningEvent>();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random((seed * 7919) + worker);
            for (var op = 0; op < OperationsPerWorker; op++)
            {
                var customer = customers[random.Next(customers.Length)];
                var roll = random.NextDouble();
                if (roll < 0.35)
                {
                    var purchase = purchases[random.Next(purchases.Length)];
                    await host.EarnAsync(purchase);
                    delivered[purchase.SourceId] = purchase;
                }
                else if (roll < 0.45)
                {
                    var purchase = purchases[random.Next(purchases.Length)];
                    await Task.WhenAll(host.EarnAsync(purchase), host.EarnAsync(purchase)); // a duplicate delivery racing the first
                    delivered[purchase.SourceId] = purchase;
                }
                else if (roll < 0.7)
                {
                    await host.PostAsync(ProgramHost.Redeem(customer, random.Next(1, 150), $"s{seed}-redeem-{random.Next(20)}"));
                }
                else if (roll < 0.8)
                {
                    await host.PostAsync(ProgramHost.Award(customer, random.Next(1, 80), $"s{seed}-award-{random.Next(5)}"));
                }
                else if (roll < 0.87)
                {
                    await host.PostAsync(new LoyaltyPosting
                    {
                        CustomerId = customer,
                        Kind = LoyaltyEntryKind.Adjust,
                        Points = -random.Next(1, 40),
                        Reason = "Correction",
                        IdempotencyKey = $"s{seed}-adjust-{Guid.NewGuid():N}",
                    });
                }
                else
                {
                    host.Time.Advance(TimeSpan.FromDays(random.Next(1, 8)));
                    await host.MaintainAsync(customer);
                }
            }
        })));

        foreach (var customer in customers)
        {
            if (await CheckInvariantsAsync(host, customer, delivered.Values.Where(p => p.CustomerId == customer).ToList()) is { } failure)
            {
                return $"customer {customer}: {failure}";
            }
        }

        return null;
    }

    private static async Task<string?> CheckInvariantsAsync(ProgramHost host, Guid customer, List<LoyaltyEarningEvent> delivered)
    {
        var account = await host.AccountAsync(customer);
        var entries = new List<LoyaltyLedgerEntry>();
        string? token = null;
        do
        {
            var page = await host.ReadAsync(s => s.ListEntriesAsync(customer, new PageRequest(100, token), CancellationToken.None));
            entries.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        var sum = await host.ReadAsync(s => s.SumEntriesAsync(customer, CancellationToken.None));
        if ((account?.Balance ?? 0) != sum || entries.Sum(e => e.Points) != sum)
        {
            return $"balance {account?.Balance} != ledger sum {sum}";
        }

        if ((account?.LifetimePositive ?? 0) != entries.Where(e => e.Points > 0).Sum(e => e.Points))
        {
            return "lifetime positive points do not match the ledger";
        }

        var running = 0L;
        for (var i = 0; i < entries.Count; i++)
        {
            running += entries[i].Points;
            if (entries[i].Sequence != i + 1 || entries[i].BalanceAfter != running || running < 0)
            {
                return $"entry {i + 1} has sequence {entries[i].Sequence}, balance after {entries[i].BalanceAfter}, running {running}";
            }
        }

        if (entries.Select(e => e.IdempotencyKey).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            return "an idempotency key appears twice";
        }

        var spend = entries.Where(e => e.Rule == "spend").ToList();
        foreach (var purchase in delivered)
        {
            var awards = spend.Where(e => e.SourceId == purchase.SourceId).ToList();
            var expected = (long)decimal.Floor(purchase.Amount!.Value);
            if (expected > 0 && (awards.Count != 1 || awards[0].Points != expected))
            {
                return $"purchase {purchase.SourceId} was awarded {awards.Count} times ({string.Join(",", awards.Select(a => a.Points))}), expected once with {expected}";
            }
        }

        return spend.Count == delivered.Count(p => decimal.Floor(p.Amount!.Value) > 0) ? null : "points were awarded for a purchase never delivered";
    }
}
