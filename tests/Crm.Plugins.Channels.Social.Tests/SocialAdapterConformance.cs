using Crm.Engine.Testing.Channels;

namespace Crm.Plugins.Channels.Social.Tests;

public sealed class SocialAdapterConformance(SocialAdapterFixture fixture) : ChannelAdapterConformanceTests<SocialAdapterFixture>(fixture);
