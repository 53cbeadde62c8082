using Crm.Engine.Testing.Channels;

namespace Crm.Plugins.Channels.Email.Tests.Conformance;

/// <summary>The channel-adapter conformance kit, SMTP mode, against a real Exim.</summary>
public sealed class SmtpAdapterConformance(SmtpAdapterFixture fixture) : ChannelAdapterConformanceTests<SmtpAdapterFixture>(fixture);

/// <summary>The channel-adapter conformance kit, pickup-folder mode.</summary>
public sealed class PickupAdapterConformance(PickupAdapterFixture fixture) : ChannelAdapterConformanceTests<PickupAdapterFixture>(fixture);
