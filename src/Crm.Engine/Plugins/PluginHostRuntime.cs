using Microsoft.Extensions.Logging;

namespace Crm.Engine.Plugins;

/// <summary>What every part of the plugin host shares: validated options, the logger and the clock.</summary>
internal sealed record PluginHostRuntime(PluginHostOptions Options, ILogger Logger, TimeProvider TimeProvider);
