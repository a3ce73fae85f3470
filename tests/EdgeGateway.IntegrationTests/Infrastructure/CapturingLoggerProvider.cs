using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>Keeps every formatted log line (with its exception) so tests can assert on them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    /// <summary>All lines captured by every provider in this test run, for the redaction test.</summary>
    public static ConcurrentQueue<CapturedLog> AllRuns { get; } = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        _entries.Enqueue(entry);
        AllRuns.Enqueue(entry);
    }

    private sealed class Logger(string category, CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IReadOnlyList<KeyValuePair<string, object?>>;
            owner.Add(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception?.ToString(),
                properties?.ToDictionary(p => p.Key, p => p.Value?.ToString()) ?? []));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, string? Exception, IReadOnlyDictionary<string, string?> Properties);
