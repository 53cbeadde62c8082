using Polly;

namespace Crm.Engine.Plugins;

/// <summary>Raised inside the guard when a plugin's concurrency limit and queue are full.</summary>
internal sealed class ConcurrencyLimitExceededException() : ExecutionRejectedException("The plugin's concurrency limit and queue are full.");
