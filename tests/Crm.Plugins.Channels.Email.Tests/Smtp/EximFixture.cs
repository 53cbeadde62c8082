using Crm.Plugins.Channels.Email.Tests.Infrastructure;

namespace Crm.Plugins.Channels.Email.Tests.Smtp;

/// <summary>Starts one Exim for a test class and removes it afterwards.</summary>
public sealed class EximFixture : IAsyncLifetime
{
    public EximServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EximServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
