using Crm.Engine.Testing.Channels;

namespace Crm.Plugins.Channels.Chat.Tests;

public sealed class ChatAdapterConformance(ChatAdapterFixture fixture) : ChannelAdapterConformanceTests<ChatAdapterFixture>(fixture);
