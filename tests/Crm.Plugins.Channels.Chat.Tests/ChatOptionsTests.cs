using System.Text.Json;
using Crm.Engine.Channels;
using Crm.Engine.Plugins;
using Crm.Plugins.Channels.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Channels.Chat.Tests;

public sealed class ChatOptionsTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly Uri Url = new("https://hooks.example/services/T/B/tokentokentoken");

    [Fact]
    public void Defaults_MatchTheDocumentedValues()
    {
        var options = new ChatChannelOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.SignatureTolerance);
        Assert.Equal(10_000, options.IdempotencyCacheSize);
    }

    [Theory]
    [InlineData("Timeout", "timeoutSeconds")]
    [InlineData("SignatureTolerance", "signatureToleranceSeconds")]
    [InlineData("IdempotencyCacheSize", "idempotencyCacheSize")]
    [InlineData("WebhookUrl", "webhookUrl")]
    [InlineData("SigningSecret", "signingSecret")]
    public void InvalidOption_FailsNamingTheOptionAndTheSetting(string option, string setting)
    {
        var options = new ChatChannelOptions { WebhookUrl = Url, SigningSecret = Secret };
        switch (option)
        {
            case "Timeout": options.Timeout = TimeSpan.Zero; break;
            case "SignatureTolerance": options.SignatureTolerance = TimeSpan.FromDays(1); break;
            case "IdempotencyCacheSize": options.IdempotencyCacheSize = 0; break;
            case "WebhookUrl": options.WebhookUrl = new Uri("ftp://hooks.example/services/T/B/tokentokentoken"); break;
            default: options.SigningSecret = "short-secret"; break;
        }

        var exception = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddChatChannel(o => Copy(options, o)));

        var failure = Assert.Single(exception.Failures);
        Assert.Contains($"ChatChannelOptions.{option} (setting '{setting}')", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("tokentokentoken", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeitherUrlNorSecret_FailsNamingBoth()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddChatChannel(_ => { }));

        Assert.Contains("WebhookUrl (setting 'webhookUrl')", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SigningSecret (setting 'signingSecret')", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddChatChannel(o =>
        {
            o.WebhookUrl = new Uri("relative/path", UriKind.Relative);
            o.Timeout = TimeSpan.FromHours(1);
            o.IdempotencyCacheSize = -5;
        }));

        Assert.Equal(3, exception.Failures.Count());
    }

    [Fact]
    public void WebhookUrlOnly_RegistersTheAdapterOnly()
    {
        using var provider = new ServiceCollection().AddChatChannel(o => o.WebhookUrl = Url).BuildServiceProvider();

        Assert.IsType<ChatChannelAdapter>(Assert.Single(provider.GetServices<IChannelAdapter>()));
        Assert.Empty(provider.GetServices<IInboundWebhookHandler>());
    }

    [Fact]
    public void SigningSecretOnly_RegistersTheHandlerOnly()
    {
        using var provider = new ServiceCollection().AddChatChannel(o => o.SigningSecret = Secret).BuildServiceProvider();

        Assert.IsType<ChatWebhookHandler>(Assert.Single(provider.GetServices<IInboundWebhookHandler>()));
        Assert.Empty(provider.GetServices<IChannelAdapter>());
    }

    [Fact]
    public void EngineBuilder_RegistersBoth_AsOneInstanceEach()
    {
        var services = new ServiceCollection();
        new TestEngineBuilder(services).AddChatChannel(o => { o.WebhookUrl = Url; o.SigningSecret = Secret; });
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<ChatChannelAdapter>(), Assert.Single(provider.GetServices<IChannelAdapter>()));
        Assert.Same(provider.GetRequiredService<ChatWebhookHandler>(), Assert.Single(provider.GetServices<IInboundWebhookHandler>()));
    }

    [Fact]
    public void OptionsChangedAfterRegistration_DoNotReachTheChannel()
    {
        var options = new ChatChannelOptions { SigningSecret = Secret };
        var services = new ServiceCollection().AddChatChannel(o => o.SigningSecret = options.SigningSecret);
        options.SigningSecret = "changed-changed-changed-changed";

        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<ChatWebhookHandler>());
    }

    [Fact]
    public void Plugin_ReadsItsSettings()
    {
        var services = new ServiceCollection();
        new ChatPlugin().ConfigureServices(services, Context($$"""{"webhookUrl":"{{Url}}","signingSecret":"{{Secret}}","timeoutSeconds":3}"""));
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IChannelAdapter>());
        Assert.Single(provider.GetServices<IInboundWebhookHandler>());
    }

    [Fact]
    public void Plugin_InvalidSettings_FailNamingTheSetting()
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new ChatPlugin().ConfigureServices(new ServiceCollection(), Context($$"""{"signingSecret":"{{Secret}}","signatureToleranceSeconds":0}""")));

        Assert.Contains("'signatureToleranceSeconds'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plugin_NoSettings_FailsSayingWhatIsNeeded()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new ChatPlugin().ConfigureServices(new ServiceCollection(), Context(null)));

        Assert.Contains("'webhookUrl'", exception.Message, StringComparison.Ordinal);
    }

    private static PluginContext Context(string? settings) => new(
        "crm.channels.chat",
        "0.1.0",
        settings is null ? default : JsonDocument.Parse(settings).RootElement.Clone(),
        [PluginCapabilities.Network]);

    private static void Copy(ChatChannelOptions from, ChatChannelOptions to)
    {
        to.WebhookUrl = from.WebhookUrl;
        to.SigningSecret = from.SigningSecret;
        to.Timeout = from.Timeout;
        to.SignatureTolerance = from.SignatureTolerance;
        to.IdempotencyCacheSize = from.IdempotencyCacheSize;
    }
}
