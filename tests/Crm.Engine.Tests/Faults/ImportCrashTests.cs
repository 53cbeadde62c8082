using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Crm.Engine.Tests.Hostile;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crm.Engine.Tests.Faults;

/// <summary>
/// Kills a real importing process (Crm.Engine.CrashHost import) after a few committed batches, then checks the file:
/// integrity_check ok, only whole batches stored, and re-running the same import completes it without duplicates
/// (rows upsert by external id, so the rows already stored are updated, not inserted again).
/// </summary>
public sealed class ImportCrashTests(ITestOutputHelper output)
{
    private const int Rows = 5_000;
    private const int BatchSize = 100; // CrashHost's ImportMode.BatchSize
    private const string Tenant = "import-crash";

    [Fact]
    public async Task Import_KilledMidwayAndRerun_KeepsWholeBatchesAndCompletesWithoutDuplicates()
    {
        var directory = Path.Combine(Path.GetTempPath(), "crm-crash-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "crm.db");
        var csv = Path.Combine(directory, "customers.csv");
        try
        {
            var file = new StringBuilder("externalId,firstName,lastName,emails,tags\n");
            for (var i = 0; i < Rows; i++)
            {
                file.Append(CultureInfo.InvariantCulture, $"X-{i:D5},First{i},Last{i},c{i}@example.com,imported\n");
            }

            await File.WriteAllTextAsync(csv, file.ToString());

            // First run: the host stops after its third batch report until it reads a line. We let one more batch run and
            // kill it at once, so the kill lands while batch four is in flight or just committed, never after the end.
            var batchesSeen = 0;
            using (var first = StartHost(database, csv, gateAfter: 3))
            {
                var threeBatches = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                first.OutputDataReceived += (_, e) =>
                {
                    if (e.Data?.StartsWith("batch", StringComparison.Ordinal) == true && Interlocked.Increment(ref batchesSeen) == 3)
                    {
                        threeBatches.TrySetResult();
                    }
                };
                first.BeginOutputReadLine();
                await threeBatches.Task.WaitAsync(TimeSpan.FromSeconds(90));
                await first.StandardInput.WriteLineAsync();
                await first.StandardInput.FlushAsync();
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }

            await AssertIntegrityAsync(database);
            var afterKill = await CountAsync(database);
            output.WriteLine($"rows={Rows} batch={BatchSize} batches-reported-before-kill={batchesSeen} stored-after-kill={afterKill}");
            Assert.InRange(afterKill, 3 * BatchSize, 4 * BatchSize); // the gate holds batch five back
            Assert.Equal(0, afterKill % BatchSize); // whole batches or nothing

            // Each stored row has its audit record, written in its batch's transaction; rows not stored have none.
            Assert.Equal(afterKill, await ScalarAsync(database, "SELECT count(*) FROM audit_log WHERE action = 'CustomerCreated' AND origin = 'import'"));
            Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = a.customer_id)"));

            // Second run: the same file, to completion.
            string? done = null;
            using (var second = StartHost(database, csv))
            {
                second.OutputDataReceived += (_, e) =>
                {
                    if (e.Data?.StartsWith("done", StringComparison.Ordinal) == true)
                    {
                        done = e.Data;
                    }
                };
                second.BeginOutputReadLine();
                await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
                Assert.Equal(0, second.ExitCode);
            }

            output.WriteLine($"rerun: {done}");
            Assert.Equal($"done inserted={Rows - afterKill} updated={afterKill} rejected=0", done);
            await AssertIntegrityAsync(database);
            Assert.Equal(Rows, await CountAsync(database));
            Assert.Equal(Rows, await ScalarAsync(database, "SELECT count(DISTINCT external_id) FROM customers"));
            Assert.Equal(Rows, await ScalarAsync(database, "SELECT count(*) FROM audit_log WHERE action = 'CustomerCreated'")); // one creation per customer
            Assert.Equal(afterKill, await ScalarAsync(database, "SELECT count(*) FROM audit_log WHERE action = 'CustomerUpdated'")); // the rerun's upserts
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

    private static async Task AssertIntegrityAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    private static async Task<long> CountAsync(string database)
    {
        var services = new ServiceCollection();
        services.AddCrmEngine().UseSqliteStorage(o => o.DataSource = database).ConfigureMessaging(o => o.DispatchOutbox = false);
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<ICrmEngine>().ForCaller(CrmCaller.System(Tenant)).Customers.CountAsync(null);
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Process StartHost(string database, string csv, int? gateAfter = null)
    {
        var configuration = typeof(ImportCrashTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var host = Path.Combine(RepositoryPaths.Root, "tests", "Crm.Engine.CrashHost", "bin", configuration, "net10.0", "Crm.Engine.CrashHost.dll");
        Assert.True(File.Exists(host), $"Build the crash host first: {host} is missing.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { host, "import", database, csv, Tenant })
        {
            start.ArgumentList.Add(argument);
        }

        if (gateAfter is { } gate)
        {
            start.ArgumentList.Add(gate.ToString(CultureInfo.InvariantCulture));
        }

        return Process.Start(start)!;
    }
}
