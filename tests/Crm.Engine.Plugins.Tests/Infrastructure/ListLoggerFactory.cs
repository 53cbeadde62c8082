using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Engine.Plugins.Tests.Infrastructure;

/// <summary>Captures log events so tests can check what the host logged (event ids, plugin ids).</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IEnumerable<LogEntry> WithEventId(int id) => Entries.Where(e => e.EventId == id);

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    // Exceptions are kept as text: an exception thrown by plugin code pins the plugin's context while it is referenced.
    internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, string? Exception);

    private sealed class ListLogger(ListLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception?.ToString()));
    }
}
