using System.Diagnostics;
using System.Reflection;
using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Messaging;

/// <summary>
/// Kills a real dispatcher process in the middle of a batch, restarts it, and counts what reached the sink: every
/// enqueued message exactly once, duplicates suppressed by idempotency key, and a consistent database.
/// </summary>
public sealed class OutboxCrashTests(ITestOutputHelper output)
{
    private const int Messages = 300;
    private const string Tenant = "crash";

    [Fact]
    public async Task Dispatcher_KilledMidBatchAndRestarted_DeliversEveryMessageExactlyOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-crash-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "crm.db");
        var sink = Path.Combine(directory, "sink.txt");
        try
        {
            var keys = await EnqueueAsync(database);

            using (var first = StartHost(database, sink))
            {
                await WaitUntilAsync(() => Lines(sink).Length >= Messages / 3 || first.HasExited, TimeSpan.FromSeconds(60), "the first dispatcher has sent a third of the messages");
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }

            var beforeKill = Lines(sink).Length;
            Assert.InRange(beforeKill, 1, Messages - 1); // killed mid-way, not before or after the work

            using (var second = StartHost(database, sink))
            {
                var exited = second.WaitForExitAsync();
                await exited.WaitAsync(TimeSpan.FromSeconds(90));
                Assert.Equal(0, second.ExitCode);
            }

            var delivered = Lines(sink);
            var suppressed = File.Exists(sink + ".suppressed") ? Lines(sink + ".suppressed").Length : 0;
            var lost = keys.Except(delivered, StringComparer.Ordinal).Count();
            var duplicated = delivered.Length - delivered.Distinct(StringComparer.Ordinal).Count();
            output.WriteLine($"enqueued={Messages} sent-before-kill={beforeKill} delivered={delivered.Length} lost={lost} duplicated={duplicated} resends-suppressed={suppressed}");
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicated);
            Assert.Equal(Messages, delivered.Length);
            await AssertDatabaseConsistentAsync(database);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static async Task<HashSet<string>> EnqueueAsync(string database)
    {
        await using var provider = Engine(database);
        var crm = provider.GetRequiredService<ICrmEngine>().ForCaller(CrmCaller.System(Tenant));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < 30; c++)
        {
            var customer = await crm.Customers.CreateAsync(new Customer { FirstName = "C" + c, Emails = [$"c{c}@example.com"] });
            for (var m = 0; m < Messages / 30; m++)
            {
                var message = await crm.Messages.EnqueueAsync(new MessageRequest { Channel = InteractionChannels.Email, CustomerId = customer.Id, TextBody = $"message {m}" });
                keys.Add(message.IdempotencyKey);
            }
        }

        return keys;
    }

    private static async Task AssertDatabaseConsistentAsync(string database)
    {
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }

        await using var provider = Engine(database);
        var crm = provider.GetRequiredService<ICrmEngine>().ForCaller(CrmCaller.System(Tenant));
        var all = await crm.Messages.ListAsync(new OutboxQuery { Page = new PageRequest(1_000) });
        Assert.Equal(Messages, all.Items.Count);
        Assert.All(all.Items, m => Assert.Equal(OutboxStatus.Delivered, m.Status));
        var interactions = 0;
        foreach (var customerId in all.Items.Select(m => m.CustomerId!.Value).Distinct())
        {
            var timeline = (await crm.Interactions.GetTimelineAsync(customerId, new PageRequest(1_000))).Items;
            Assert.All(timeline, i => Assert.Equal(InteractionDirection.Outbound, i.Direction));
            interactions += timeline.Count;
        }

        Assert.Equal(Messages, interactions); // one delivery interaction per message, none from a rolled-back attempt
        Assert.Equal(Messages, all.Items.Select(m => m.InteractionId).Distinct().Count());
    }

    private static ServiceProvider Engine(string database)
    {
        var services = new ServiceCollection();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = database).ConfigureMessaging(o => o.DispatchOutbox = false);
        return services.BuildServiceProvider();
    }

    private static Process StartHost(string database, string sink)
    {
        var host = Path.Combine(RepositoryRoot(), "tests", "Crm.Engine.CrashHost", "bin", Configuration(), "net10.0", "Crm.Engine.CrashHost.dll");
        Assert.True(File.Exists(host), $"Build the crash host first: {host} is missing.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { host, "dispatch", database, sink, Tenant })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static string[] Lines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }

    private static string Configuration() =>
        typeof(OutboxCrashTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Crm.Engine.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Crm.Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
