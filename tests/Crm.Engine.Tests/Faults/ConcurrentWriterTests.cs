using System.Diagnostics;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Faults;

/// <summary>
/// 8 concurrent writers each increment a counter attribute on shared customers through the customer service; a
/// conflicting write (<see cref="CrmConcurrencyException"/>) re-reads and retries. No update is lost: the counters
/// sum to the number of successful updates, and the conflicts retried are counted and printed.
/// </summary>
public sealed class ConcurrentWriterTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int SharedRecords = 4;

    /// <summary>
    /// 10,000 per writer by default, the size the reliability goal names (80,000 updates: about 63 s on a quiet 2-core
    /// machine, 238 s under load 23 to 57, 60 s of CPU either way); set CRM_FAULT_UPDATES_PER_WRITER=1000 for a quick local run.
    /// </summary>
    public static int UpdatesPerWriter { get; } = int.TryParse(Environment.GetEnvironmentVariable("CRM_FAULT_UPDATES_PER_WRITER"), out var n) ? n : 10_000;

    [Fact]
    public async Task EightWriters_IncrementSharedRecords_LoseNoUpdate()
    {
        await using var engine = await TestEngine.CreateAsync();
        var crm = engine.Tenant("concurrency");
        var ids = new List<Guid>();
        for (var i = 0; i < SharedRecords; i++)
        {
            ids.Add((await crm.Customers.CreateAsync(new Customer { FirstName = "Shared", LastName = "R" + i, Attributes = new Dictionary<string, AttributeValue> { ["counter"] = 0m } })).Id);
        }

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(crm, ids, w))));
        clock.Stop();

        var succeeded = results.Sum(r => r.Succeeded);
        var conflicts = results.Sum(r => r.Conflicts);
        decimal total = 0;
        foreach (var id in ids)
        {
            total += (await crm.Customers.GetAsync(id))!.Attributes["counter"].AsNumber();
        }

        output.WriteLine($"writers={Writers} updates-per-writer={UpdatesPerWriter} shared-records={SharedRecords} succeeded={succeeded} conflicts-retried={conflicts} counter-total={total} lost={succeeded - total} elapsed={clock.Elapsed.TotalSeconds:0.0}s ({succeeded / clock.Elapsed.TotalSeconds:0} updates/s)");
        Assert.Equal(Writers * UpdatesPerWriter, succeeded);
        Assert.Equal(succeeded, total); // no lost update
        Assert.True(conflicts > 0, "8 writers on 4 records should conflict; otherwise the test proves nothing about retries.");
    }

    private static async Task<(int Succeeded, int Conflicts)> WriteAsync(ICrmContext crm, List<Guid> ids, int writer)
    {
        var (succeeded, conflicts) = (0, 0);
        for (var i = 0; i < UpdatesPerWriter; i++)
        {
            var id = ids[(i + writer) % ids.Count];
            while (true)
            {
                var current = (await crm.Customers.GetAsync(id))!;
                var next = current with { Attributes = new Dictionary<string, AttributeValue>(current.Attributes) { ["counter"] = current.Attributes["counter"].AsNumber() + 1 } };
                try
                {
                    await crm.Customers.UpdateAsync(next);
                    succeeded++;
                    break;
                }
                catch (CrmConcurrencyException)
                {
                    conflicts++;
                }
            }
        }

        return (succeeded, conflicts);
    }
}
