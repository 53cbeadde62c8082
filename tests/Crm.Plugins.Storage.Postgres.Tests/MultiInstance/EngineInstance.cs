using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Scheduling;
using Crm.Engine.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Plugins.Storage.Postgres.Tests.MultiInstance;

/// <summary>
/// One engine instance as a separate process would have it: its own container, PostgreSQL pool, instance id and
/// channel adapter, on the shared database and the real clock, with short polls and leases so a test sees several
/// rounds in seconds.
/// </summary>
internal sealed class EngineInstance : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    // The workflow options allow no poll shorter than a second.
    public static readonly TimeSpan TimerPollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SendTimeout = TimeSpan.FromMilliseconds(1500);

    private readonly ServiceProvider _services;
    private readonly Crm.Engine.Workflows.WorkflowTimerScheduler? _timerScheduler;

    private EngineInstance(string id, ServiceProvider services)
    {
        Id = id;
        _services = services;
        Engine = services.GetRequiredService<ICrmEngine>();
        _timerScheduler = services.GetService<Crm.Engine.Workflows.WorkflowTimerScheduler>();
    }

    public string Id { get; }

    public ICrmEngine Engine { get; }

    /// <summary>Builds and starts an instance (migrations run under the advisory lock, whichever instance comes first).</summary>
    public static async Task<EngineInstance> StartAsync(string id, string connectionString, IChannelAdapter adapter, WorkTally? tally = null, string? workflowJson = null)
    {
        // Three instances and the test share a cluster limited to 60 connections.
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 12 }.ConnectionString;
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddCrmEngine()
            .UsePostgresStorage(o => o.ConnectionString = pooled)
            .ConfigureMessaging(o =>
            {
                o.InstanceId = id;
                o.PollInterval = PollInterval;
                o.LeaseDuration = Lease;
                o.JobLeaseDuration = Lease;
                o.JobTimeout = SendTimeout;
                o.SendTimeout = SendTimeout;
                o.BatchSize = 20;
                o.MaxConcurrentSends = 4;
            })
            .ConfigureWorkflows(o =>
            {
                o.TimerPollInterval = TimerPollInterval;
                o.TimerLease = Lease;
                o.TimerBatchSize = 5;
            })
            .AddChannelAdapter(adapter);
        if (tally is not null)
        {
            services.AddSingleton<IScheduledJobHandler>(new CountingJobHandler(tally, id));
            services.AddSingleton<IWorkflowAction>(new CountFireAction(tally, id));
        }

        if (workflowJson is not null)
        {
            builder.AddWorkflow(workflowJson);
        }

        var instance = new EngineInstance(id, services.BuildServiceProvider());
        await instance.Engine.InitializeAsync();
        return instance;
    }

    public ICrmContext Tenant(string tenantId) => Engine.ForCaller(CrmCaller.System(tenantId));

    /// <summary>
    /// Gets how many workflow timers this instance fired. The counter is internal to Crm.Engine, which grants this
    /// assembly no access, so it is read by reflection.
    /// </summary>
    public long TimersFired() => _timerScheduler?.FiredCount ?? 0;

    /// <summary>Stops the instance: its loops are cancelled mid-round, and what they were doing is never recorded.</summary>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
