using Microsoft.Extensions.Logging;

namespace Crm.Plugins.Storage.Postgres.Tests;

/// <summary>Keeps every message the provider logs, with its event id, so tests can check what was (not) logged.</summary>
internal sealed class RecordingLogger : ILogger<PostgresStorageProvider>
{
    public List<string> Messages { get; } = [];

    public List<int> EventIds { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add(formatter(state, exception) + exception);
            EventIds.Add(eventId.Id);
        }
    }
}
