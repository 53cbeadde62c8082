using Crm.Engine.Channels;
using Crm.Engine.Scheduling;
using Crm.Engine.Security;
using Crm.Engine.Tests.Messaging;

namespace Crm.Engine.Tests.Security;

/// <summary>A messaging-capable engine with permissions enforced, and a seeded customer whose sensitive fields carry markers.</summary>
internal sealed class SecureHost : IAsyncDisposable
{
    /// <summary>Appears only in sensitive fields, so finding it anywhere in output means a leak.</summary>
    public const string Marker = "ZQX";

    public const string SalaryAttribute = "salary";

    public static readonly DateOnly BirthDate = new(1971, 3, 4);

    private SecureHost(MessagingHost host) => Host = host;

    public MessagingHost Host { get; }

    public ICrmEngine Engine => Host.Engine.Engine;

    public static async Task<SecureHost> CreateAsync(Action<CrmSecurityOptions>? configure = null, Action<ICrmEngineBuilder>? builder = null) =>
        new(await MessagingHost.CreateAsync(builder: b =>
        {
            b.ConfigureSecurity(o =>
            {
                o.SensitiveAttributes.Add(SalaryAttribute);
                configure?.Invoke(o);
            });
            builder?.Invoke(b);
        }));

    public ICrmContext As(string tenant, string user, params string[] roles) =>
        Engine.ForCaller(new CrmCaller(tenant, user) { Roles = roles.ToHashSet(StringComparer.Ordinal) });

    public ICrmContext System(string tenant) => Engine.ForCaller(CrmCaller.System(tenant));

    public static Customer SensitiveCustomer(string firstName, string? owner = null) => new()
    {
        FirstName = firstName,
        LastName = "Lovelace",
        Emails = [$"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com"],
        Demographics = new Demographics { BirthDate = BirthDate, IncomeBand = "band-" + Marker, City = "Leeds" },
        Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [SalaryAttribute] = "salary-" + Marker, ["shoe"] = "42" },
        OwnerId = owner,
    };

    public static ReminderRequest Reminder(Guid customerId, string key) => new() { CustomerId = customerId, Key = key, Note = "call back", DueAt = TestEngine.Start.AddDays(30) };

    public static MessageRequest Message(Guid customerId) => new() { Channel = InteractionChannels.Email, CustomerId = customerId, TextBody = "hello" };

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
