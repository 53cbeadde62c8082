using Crm.Engine;
using Crm.Engine.Channels;
using Crm.Engine.Events;
using Crm.Engine.CrashHost;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

// Usage: Crm.Engine.CrashHost dispatch <database> <sink> <tenant>
// Runs the outbox dispatcher until the tenant has no pending message (exit 0) or a minute passes (exit 2).
// Usage: Crm.Engine.CrashHost import <database> <csv> <tenant> [gate-after]
// Imports the customer CSV in batches, printing a line per committed batch (see ImportMode).
if (args.Length is 4 or 5 && args[0] == "import")
{
    var gateAfter = args.Length == 5 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
    return await ImportMode.RunAsync(args[1], args[2], args[3], gateAfter);
}

if (args.Length != 4 || args[0] != "dispatch")
{
    await Console.Error.WriteLineAsync("usage: Crm.Engine.CrashHost dispatch|import <database> <sink|csv> <tenant>");
    return 64;
}

var (database, sink, tenant) = (args[1], args[2], args[3]);
using var adapter = new FileSinkAdapter(sink);
var services = new ServiceCollection();
services.AddCrmEngine()
    .UseSqliteStorage(o => o.DataSource = database)
    .AddChannelAdapter(adapter)
    .ConfigureMessaging(o =>
    {
        o.InstanceId = "crash-host-" + Environment.ProcessId;
        o.BatchSize = 25;
        o.MaxConcurrentSends = 4;
        o.PollInterval = TimeSpan.FromMilliseconds(200);
        o.SendTimeout = TimeSpan.FromSeconds(1);
        o.LeaseDuration = TimeSpan.FromSeconds(2);
    });
await using var provider = services.BuildServiceProvider();
var engine = provider.GetRequiredService<ICrmEngine>();
await engine.InitializeAsync();
Console.WriteLine("started");
var crm = engine.ForCaller(CrmCaller.System(tenant));

// Every recorded outcome wakes the check; the one-minute deadline ends a run that stalls.
var settled = new SemaphoreSlim(0);
using var delivered = provider.GetRequiredService<ICrmEventBus>().Subscribe<MessageDelivered>((_, _) => { settled.Release(); return Task.CompletedTask; });
using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
try
{
    while ((await crm.Messages.ListAsync(new OutboxQuery { Status = OutboxStatus.Pending, Page = new PageRequest(1) })).Items.Count > 0)
    {
        await settled.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
    }
}
catch (OperationCanceledException) when (deadline.IsCancellationRequested)
{
    return 2;
}

Console.WriteLine("done");
return 0;
