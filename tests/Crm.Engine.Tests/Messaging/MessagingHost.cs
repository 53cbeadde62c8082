using Crm.Engine.Channels;
using Crm.Engine.Messaging;
using Crm.Engine.Scheduling;
using Crm.Engine.Templates;
using Crm.Engine.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Engine.Tests.Messaging;

/// <summary>An engine on SQLite with a manual clock, a recording email adapter and short retry delays.</summary>
internal sealed class MessagingHost : IAsyncDisposable
{
    public static readonly MessageTemplate Welcome = new()
    {
        Id = "welcome",
        Variants = new Dictionary<string, TemplateVariant>
        {
            [MessageTemplate.DefaultVariant] = new("Hi {{customer.firstName}}, welcome to {{default data.brand \"Acme\"}}.") { Subject = "Welcome {{customer.firstName}}", Html = "<p>Hi {{customer.firstName}}</p>" },
            ["sms"] = new("Welcome {{customer.firstName}}!"),
        },
    };

    private MessagingHost(TestEngine engine, RecordingAdapter adapter)
    {
        Engine = engine;
        Adapter = adapter;
        Crm = engine.Tenant();
    }

    public TestEngine Engine { get; }

    public RecordingAdapter Adapter { get; }

    public ICrmContext Crm { get; }

    public ManualTimeProvider Time => Engine.Time;

    public static async Task<MessagingHost> CreateAsync(Action<MessagingOptions>? configure = null, Action<ICrmEngineBuilder>? builder = null)
    {
        var adapter = new RecordingAdapter();
        var engine = await TestEngine.CreateAsync(b =>
        {
            b.AddChannelAdapter(adapter)
                .AddMessageTemplate(Welcome)
                .ConfigureMessaging(o =>
                {
                    o.RetryBaseDelay = TimeSpan.FromSeconds(30);
                    o.MaxAttempts = 4;
                    configure?.Invoke(o);
                });
            builder?.Invoke(b);
        });
        var host = new MessagingHost(engine, adapter);

        // The dispatcher and the job runner start with a round of their own. A job scheduled while that round still
        // runs (a slow machine) is picked up by the round that follows at once, without the clock moving: tests that
        // change data "between a send and its dispatch" would race with it.
        await host.WhenIdleAsync();
        return host;
    }

    public Task<Customer> CustomerAsync(string firstName = "Ada", string? email = null) =>
        Crm.Customers.CreateAsync(new Customer { FirstName = firstName, LastName = "Lovelace", Emails = [email ?? $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"] });

    /// <summary>Advances the clock and waits until the dispatcher and job runner finished what fell due.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        Time.Advance(delta);
        await WhenIdleAsync();
    }

    /// <summary>Waits until the dispatcher and the job runner finished their current rounds.</summary>
    public async Task WhenIdleAsync()
    {
        await Engine.Provider.GetRequiredService<OutboxDispatcher>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await Engine.Provider.GetRequiredService<JobRunner>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    public Task DeliverDueAsync() => AdvanceAsync(TimeSpan.Zero);

    public async Task<OutboxMessage> MessageAsync(Guid id) => (await Crm.Messages.GetAsync(id))!;

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
