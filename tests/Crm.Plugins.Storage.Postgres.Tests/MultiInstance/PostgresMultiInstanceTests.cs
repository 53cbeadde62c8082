using System.Diagnostics;
using System.Globalization;
using Crm.Engine.Channels;
using Crm.Engine.Scheduling;
using Crm.Plugins.Storage.Postgres.Tests.Server;
using Npgsql;
using Xunit.Abstractions;

namespace Crm.Plugins.Storage.Postgres.Tests.MultiInstance;

/// <summary>
/// Several engine instances on one PostgreSQL database, as several processes or machines would run them: each item of
/// due work (an outbox message, a workflow timer, a scheduled job) is done exactly once, the work is spread over the
/// instances, and the work an instance claimed before it died is done by the others once its lease expires.
/// </summary>
[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresMultiInstanceTests(ITestOutputHelper output)
{
    private const string FirePrefix = "fire/";
    private const string JobPrefix = "job/";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    // A timer one second after the start moves each instance to a final state whose entry action counts the firing engine.
    private const string Nudge = """
        {
          "schemaVersion": 1,
          "id": "nudge",
          "version": 1,
          "entity": "customer",
          "initialState": "waiting",
          "triggers": { "expire": {} },
          "states": {
            "waiting": { "timeouts": [ { "after": "PT1S", "fire": "expire" } ] },
            "expired": { "final": true, "onEntry": [ { "action": "countFire" } ] }
          },
          "transitions": [ { "from": "waiting", "trigger": "expire", "to": "expired" } ]
        }
        """;

    [Fact]
    public async Task ThreeInstances_OutboxTimersAndJobs_EachDoneOnceAndSpreadOverTheInstances()
    {
        string[] tenants = ["north", "south", "west"];
        const int customersPerTenant = 10;
        const int messagesPerCustomer = 10;
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var recorder = new DeliveryRecorder(TimeProvider.System);
        var tally = new WorkTally();
        string[] ids = ["engine-a", "engine-b", "engine-c"];

        // Started at once: the three race for the migration lock, as instances deployed together do.
        var instances = await Task.WhenAll(ids.Select(id => EngineInstance.StartAsync(id, connectionString, new InstanceAdapter(recorder, id), tally, Nudge)));
        var clock = Stopwatch.StartNew();
        TimeSpan seeded;
        try
        {
            // Every write goes through a different instance in turn; the tenants are written in parallel.
            await Task.WhenAll(tenants.Select(async tenant =>
            {
                for (var c = 0; c < customersPerTenant; c++)
                {
                    var customer = await instances[c % 3].Tenant(tenant).Customers.CreateAsync(new Customer
                    {
                        FirstName = "Customer" + c.ToString(CultureInfo.InvariantCulture),
                        LastName = tenant,
                        Emails = [$"c{c}@{tenant}.example.com"],
                    });
                    await instances[(c + 1) % 3].Tenant(tenant).Workflows.StartAsync("nudge", customer.Id);
                    await instances[(c + 2) % 3].Tenant(tenant).Scheduler.ScheduleAsync(new JobRequest
                    {
                        Kind = CountingJobHandler.JobKind,
                        Key = "job-" + c.ToString(CultureInfo.InvariantCulture),
                        DueAt = TimeProvider.System.GetUtcNow().AddSeconds(1),
                    });
                    for (var m = 0; m < messagesPerCustomer; m++)
                    {
                        await instances[m % 3].Tenant(tenant).Messages.EnqueueAsync(new MessageRequest
                        {
                            Channel = "email",
                            CustomerId = customer.Id,
                            Subject = "Update " + m.ToString(CultureInfo.InvariantCulture),
                            TextBody = "Hello",
                            IdempotencyKey = $"c{c}-m{m}",
                        });
                    }
                }
            }));
            seeded = clock.Elapsed;

            var total = tenants.Length * customersPerTenant;
            await WaitUntilAsync(connectionString, async db =>
                await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'Delivered';") == total * messagesPerCustomer
                && await CountAsync(db, "SELECT COUNT(*) FROM workflow_instances WHERE state = 'expired';") == total
                && await CountAsync(db, "SELECT COUNT(*) FROM scheduled_jobs WHERE status = 'Completed';") == total);
        }
        finally
        {
            // Stopping waits for rounds in progress, so nothing is still being sent while the results are read.
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }

        var done = clock.Elapsed;
        var messages = tenants.Length * customersPerTenant * messagesPerCustomer;
        var workflows = tenants.Length * customersPerTenant;

        // Every message reached the provider exactly once, and the outbox holds one delivered attempt and one
        // delivered interaction for each.
        Assert.Equal(messages, recorder.CallsPerKey.Count);
        Assert.All(recorder.CallsPerKey, pair => Assert.True(pair.Value == 1, $"{pair.Key} was sent {pair.Value} times"));
        Assert.Equal(0, recorder.Suppressed);
        await using var db = await OpenAsync(connectionString);
        Assert.Equal(messages, await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'Delivered' AND attempts = 1 AND lease_owner IS NULL;"));
        Assert.Equal(messages, await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages;"));
        Assert.Equal(
            (messages, messages, messages),
            await TripleAsync(db, "SELECT COUNT(*), COUNT(DISTINCT message_id), COUNT(*) FILTER (WHERE outcome = 'Delivered' AND number = 1) FROM outbox_attempts;"));
        Assert.Equal(
            (messages, messages, messages),
            await TripleAsync(db,
                "SELECT COUNT(*), COUNT(DISTINCT i.metadata ->> 'outboxMessageId'), COUNT(m.id) FROM interactions i " +
                "LEFT JOIN outbox_messages m ON m.tenant_id = i.tenant_id AND m.interaction_id = i.id AND m.id::text = i.metadata ->> 'outboxMessageId' " +
                "WHERE i.direction = 'Outbound' AND i.metadata ? 'outboxMessageId';"));

        // Every timer fired once: once per engine counter, once in the history, once at the action; none is left.
        Assert.Equal(workflows, instances.Sum(i => i.TimersFired()));
        Assert.Equal(
            (workflows, workflows, 0L),
            await TripleAsync(db,
                "SELECT (SELECT COUNT(*) FROM workflow_history WHERE trigger_name = 'expire' AND actor = 'timer'), " +
                "(SELECT COUNT(DISTINCT instance_id) FROM workflow_history WHERE trigger_name = 'expire'), (SELECT COUNT(*) FROM workflow_timers);"));
        var fires = tally.Runs.Where(r => r.Key.StartsWith(FirePrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(workflows, fires.Count);
        Assert.All(fires, pair => Assert.True(pair.Value.Count == 1, $"{pair.Key} fired {pair.Value.Count} times"));

        // Every job ran once and completed.
        var jobs = tally.Runs.Where(r => r.Key.StartsWith(JobPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(workflows, jobs.Count);
        Assert.All(jobs, pair => Assert.True(pair.Value.Count == 1, $"{pair.Key} ran {pair.Value.Count} times"));
        Assert.Equal(workflows, await CountAsync(db, "SELECT COUNT(*) FROM scheduled_jobs WHERE status = 'Completed' AND lease_owner IS NULL;"));

        // The work was shared: more than one instance delivered messages.
        var deliveries = recorder.Accepted.Values.GroupBy(a => a.Instance, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var timersPerInstance = ids.ToDictionary(id => id, id => instances.Single(i => i.Id == id).TimersFired(), StringComparer.Ordinal);
        var jobsPerInstance = jobs.SelectMany(j => j.Value).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        output.WriteLine($"seeded {messages} messages, {workflows} workflow timers, {workflows} jobs in {seeded.TotalMilliseconds:F0} ms; all done after {done.TotalMilliseconds:F0} ms");
        output.WriteLine("messages per instance: " + Describe(deliveries, ids));
        output.WriteLine("timers per instance:   " + Describe(timersPerInstance.ToDictionary(p => p.Key, p => (int)p.Value, StringComparer.Ordinal), ids));
        output.WriteLine("jobs per instance:     " + Describe(jobsPerInstance, ids));
        Assert.True(deliveries.Count >= 2, "only one instance delivered: " + Describe(deliveries, ids));
        Assert.Equal(messages, deliveries.Values.Sum());
    }

    [Fact]
    public async Task InstanceDiesMidClaim_OthersDeliverItsMessagesAfterTheLeaseExpires_NoneLostNoneDoubled()
    {
        string[] tenants = ["east", "south"];
        const int messagesPerTenant = 30;
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var recorder = new DeliveryRecorder(TimeProvider.System);
        var keys = new List<string>();

        // The instance that dies: its sends hang (half of them after reaching the provider) until it is stopped.
        var dying = new DyingAdapter(recorder, "engine-d", inFlightToSignal: 4);
        var doomed = await EngineInstance.StartAsync("engine-d", connectionString, dying);
        try
        {
            foreach (var tenant in tenants)
            {
                var crm = doomed.Tenant(tenant);
                var customers = new List<Customer>();
                for (var c = 0; c < 3; c++)
                {
                    customers.Add(await crm.Customers.CreateAsync(new Customer { FirstName = "C" + c.ToString(CultureInfo.InvariantCulture), LastName = tenant, Emails = [$"c{c}@{tenant}.example.com"] }));
                }

                // One commit per tenant, so the dispatcher's first claim finds a full batch due.
                await crm.TransactAsync(async token =>
                {
                    for (var m = 0; m < messagesPerTenant; m++)
                    {
                        var key = "m" + m.ToString(CultureInfo.InvariantCulture);
                        await crm.Messages.EnqueueAsync(new MessageRequest { Channel = "email", CustomerId = customers[m % 3].Id, TextBody = "Hello", IdempotencyKey = key }, token);
                        keys.Add(tenant + "/" + key);
                    }
                });
            }

            await dying.InFlight.WaitAsync(Deadline);
        }
        finally
        {
            // The instance dies at once, well within its SendTimeout: its rounds are cancelled mid-send and nothing it
            // was doing is recorded.
            await doomed.DisposeAsync();
        }

        // It claimed one batch (20) and was sending 4 of them; none of its work was recorded, and its leases remain.
        var leasedByDoomed = await LeasesAsync(connectionString, "engine-d");
        Assert.Equal(20, leasedByDoomed.Count);
        Assert.Equal(4, dying.Calls);
        Assert.Equal(2, dying.ReachedProvider.Count);
        await using (var check = await OpenAsync(connectionString))
        {
            Assert.Equal(0L, await CountAsync(check, "SELECT COUNT(*) FROM outbox_attempts;"));
        }

        // The survivors start, take the unclaimed messages at once and the dead instance's after its lease expires.
        var survivors = await Task.WhenAll(new[] { "engine-a", "engine-b" }.Select(id => EngineInstance.StartAsync(id, connectionString, new InstanceAdapter(recorder, id))));
        try
        {
            await WaitUntilAsync(connectionString, async db => await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'Delivered';") == keys.Count);
        }
        finally
        {
            foreach (var survivor in survivors)
            {
                await survivor.DisposeAsync();
            }
        }

        var lost = keys.Count(k => !recorder.Accepted.ContainsKey(k));
        var resent = recorder.CallsPerKey.Where(p => p.Value > 1).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        await using var db = await OpenAsync(connectionString);
        var duplicated = await CountAsync(db,
            "SELECT COUNT(*) FROM (SELECT m.id FROM outbox_messages m JOIN outbox_attempts a ON a.tenant_id = m.tenant_id AND a.message_id = m.id " +
            "WHERE a.outcome = 'Delivered' GROUP BY m.id HAVING COUNT(*) > 1) doubled;")
            + await CountAsync(db,
            "SELECT COUNT(*) FROM (SELECT metadata ->> 'outboxMessageId' FROM interactions WHERE metadata ? 'outboxMessageId' GROUP BY 1 HAVING COUNT(*) > 1) doubled;");
        var doomedKeys = leasedByDoomed.ToDictionary(l => l.Key, l => l.LeaseUntil, StringComparer.Ordinal);
        var pickups = recorder.Log.Where(l => doomedKeys.ContainsKey(l.Key) && l.Instance != "engine-d").ToList();
        output.WriteLine($"messages {keys.Count}; claimed by the dying instance {doomedKeys.Count}, of which it sent {dying.Calls} and {dying.ReachedProvider.Count} reached the provider");
        output.WriteLine($"lost {lost}; resent {resent.Count} (suppressed by key at the provider: {recorder.Suppressed}); delivered twice after suppression {duplicated}");
        output.WriteLine($"its messages were picked up {(pickups.Min(p => p.At) - doomedKeys.Values.Max()).TotalMilliseconds:F0} to {(pickups.Max(p => p.At) - doomedKeys.Values.Min()).TotalMilliseconds:F0} ms after its leases expired");

        Assert.Equal(0, lost);
        Assert.Equal(0L, duplicated);
        Assert.Equal(keys.Count, recorder.Accepted.Count);
        Assert.Equal(dying.ReachedProvider.Order(StringComparer.Ordinal), resent);
        Assert.Equal(resent.Count, recorder.Suppressed);

        // Each of the dead instance's messages was sent again by a survivor, and only after its lease had expired.
        Assert.Equal(doomedKeys.Keys.Order(StringComparer.Ordinal), pickups.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(pickups, p => Assert.True(p.At >= doomedKeys[p.Key], $"{p.Key} was sent by {p.Instance} at {p.At:O}, before the lease expired at {doomedKeys[p.Key]:O}"));
        Assert.Equal(keys.Count, await CountAsync(db, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'Delivered' AND attempts = 1;"));
        Assert.Equal(keys.Count, await CountAsync(db, "SELECT COUNT(*) FROM outbox_attempts WHERE outcome = 'Delivered';"));
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts, string[] ids) =>
        string.Join(", ", ids.Select(id => $"{id} {counts.GetValueOrDefault(id)}"));

    private static async Task<List<(string Key, DateTimeOffset LeaseUntil)>> LeasesAsync(string connectionString, string owner)
    {
        await using var db = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(
            "SELECT tenant_id || '/' || idempotency_key, lease_until, lease_until_tick FROM outbox_messages WHERE lease_owner = @owner AND status = 'Pending';", db);
        command.Parameters.AddWithValue("owner", owner);
        var leases = new List<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            leases.Add((reader.GetString(0), new DateTimeOffset(reader.GetFieldValue<DateTimeOffset>(1).UtcTicks + reader.GetInt16(2), TimeSpan.Zero)));
        }

        return leases;
    }

    private static async Task WaitUntilAsync(string connectionString, Func<NpgsqlConnection, Task<bool>> done)
    {
        await using var db = await OpenAsync(connectionString);
        var clock = Stopwatch.StartNew();
        while (!await done(db))
        {
            Assert.True(clock.Elapsed < Deadline, $"The instances did not finish the work within {Deadline}.");
            await Task.Delay(50);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(long, long, long)> TripleAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
