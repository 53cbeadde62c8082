using Crm.Engine;
using Crm.Engine.Channels;
using Crm.Engine.CrashHost;
using Crm.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

// Usage: Crm.Engine.CrashHost dispatch <database> <sink> <tenant>
// Runs the outbox dispatcher until the tenant has no pending message (exit 0) or a minute passes (exit 2).
if (args.Length != 4 || args[0] != "dispatch")
{
    await Console.Error.WriteLineAsync("usage: Crm.Engine.CrashHost dispatch <database> <sink> <tenant>");
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
var deadline = DateTime.UtcNow.AddMinutes(1);
while (DateTime.UtcNow < deadline)
{
    var pending = await crm.Messages.ListAsync(new OutboxQuery { Status = OutboxStatus.Pending, Page = new PageRequest(1) });
    if (pending.Items.Count == 0)
    {
        Console.WriteLine("done");
        return 0;
    }

    await Task.Delay(50);
}

return 2;
