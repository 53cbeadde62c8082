using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Social.Tests;

public sealed class SocialOptionsTests
{
    private const string Token = "token-0123456789-secret";
    private static readonly Uri Instance = new("https://mastodon.example/");

    [Fact]
    public void Defaults_MatchTheDocumentedValues()
    {
        var options = new SocialChannelOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), options.PollInterval);
        Assert.Equal(40, options.PageSize);
        Assert.Equal(5, options.MaxPagesPerPoll);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(10_000, options.IdempotencyCacheSize);
        Assert.Null(options.TenantId);
    }

    [Theory]
    [InlineData("InstanceUrl", "instanceUrl")]
    [InlineData("AccessToken", "accessToken")]
    [InlineData("TenantId", "tenantId")]
    [InlineData("PollInterval", "pollIntervalSeconds")]
    [InlineData("PageSize", "pageSize")]
    [InlineData("MaxPagesPerPoll", "maxPagesPerPoll")]
    [InlineData("Timeout", "timeoutSeconds")]
    [InlineData("IdempotencyCacheSize", "idempotencyCacheSize")]
    public void InvalidOption_FailsNamingTheOptionAndTheSetting(string option, string setting)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddSocialChannel(o =>
        {
            o.InstanceUrl = Instance;
            o.AccessToken = Token;
            switch (option)
            {
                case "InstanceUrl": o.InstanceUrl = new Uri("mailto:ops@mastodon.example"); break;
                case "AccessToken": o.AccessToken = "token with spaces " + Token; break;
                case "TenantId": o.TenantId = " "; break;
                case "PollInterval": o.PollInterval = TimeSpan.FromSeconds(1); break;
                case "PageSize": o.PageSize = 81; break;
                case "MaxPagesPerPoll": o.MaxPagesPerPoll = 0; break;
                case "Timeout": o.Timeout = TimeSpan.Zero; break;
                default: o.IdempotencyCacheSize = 0; break;
            }
        }));

        var failure = Assert.Single(exception.Failures);
        Assert.Contains($"SocialChannelOptions.{option} (setting '{setting}')", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingServerAndToken_AreBothReported()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddSocialChannel(_ => { }));

        Assert.Equal(2, exception.Failures.Count());
        Assert.Contains("'instanceUrl'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'accessToken'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EngineBuilder_RegistersAdapterAndPoller_AsOneInstanceEach()
    {
        var services = new ServiceCollection();
        new TestEngineBuilder(services).AddSocialChannel(o => { o.InstanceUrl = Instance; o.AccessToken = Token; });
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SocialChannelAdapter>(), Assert.Single(provider.GetServices<IChannelAdapter>()));
        Assert.Same(provider.GetRequiredService<SocialInboundPoller>(), Assert.Single(provider.GetServices<IInboundPoller>()));
    }

    [Fact]
    public void Plugin_ReadsItsSettings()
    {
        var services = new ServiceCollection();
        new SocialPlugin().ConfigureServices(services, Context($$"""{"instanceUrl":"{{Instance}}","accessToken":"{{Token}}","pollIntervalSeconds":120,"pageSize":20}"""));
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IChannelAdapter>());
        Assert.Equal(TimeSpan.FromMinutes(2), Assert.Single(provider.GetServices<IInboundPoller>()).PollInterval);
    }

    [Fact]
    public void Plugin_InvalidSettings_FailNamingTheSettingNotTheToken()
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new SocialPlugin().ConfigureServices(new ServiceCollection(), Context($$"""{"instanceUrl":"{{Instance}}","accessToken":"{{Token}}","maxPagesPerPoll":500}""")));

        Assert.Contains("'maxPagesPerPoll'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugin_NoSettings_FailsSayingWhatIsNeeded()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new SocialPlugin().ConfigureServices(new ServiceCollection(), Context(null)));

        Assert.Contains("'instanceUrl' and 'accessToken'", exception.Message, StringComparison.Ordinal);
    }

    private static PluginContext Context(string? settings) => new(
        "crm.channels.social",
        "0.1.0",
        settings is null ? default : JsonDocument.Parse(settings).RootElement.Clone(),
        [PluginCapabilities.Network]);
}
