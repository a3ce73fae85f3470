using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Telemetry;

/// <summary>
/// The console logger with its lines written in batches (<see cref="ConsoleLineWriter"/>). It stands in for the stock
/// <see cref="ConsoleLoggerProvider"/> under the same alias, so <c>Logging:Console:*</c> settings keep working: the
/// formatter (<c>FormatterName</c>: simple, json or systemd, and their options), <c>LogToStandardErrorThreshold</c>,
/// <c>MaxQueueLength</c> and <c>QueueFullMode</c>. A line looks exactly as the stock logger writes it; only when it is
/// written differs (at most <see cref="TelemetryOptions.ConsoleWriteInterval"/> later, under load).
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    [ThreadStatic]
    private static StringWriter? t_line;

    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly ConsoleLineWriter _writer;
    private readonly IDisposable? _reload;
    private ConsoleFormatter _formatter;
    private LogLevel _errorThreshold;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, IOptions<TelemetryOptions> telemetry)
        : this(options, formatters, new ConsoleLineWriter(telemetry.Value.ConsoleWriteInterval, options.CurrentValue.MaxQueueLength,
            options.CurrentValue.QueueFullMode == ConsoleLoggerQueueFullMode.DropWrite))
    {
    }

    internal BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, ConsoleLineWriter writer)
    {
        _formatters = formatters.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _writer = writer;
        (_formatter, _errorThreshold) = Select(options.CurrentValue);
        _reload = options.OnChange(changed => (_formatter, _errorThreshold) = Select(changed));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    private (ConsoleFormatter Formatter, LogLevel ErrorThreshold) Select(ConsoleLoggerOptions options) =>
        (_formatters.TryGetValue(options.FormatterName ?? ConsoleFormatterNames.Simple, out var named) ? named
            : _formatters.TryGetValue(ConsoleFormatterNames.Simple, out var simple) ? simple : _formatters.Values.First(),
        options.LogToStandardErrorThreshold);

    public void Dispose()
    {
        _reload?.Dispose();
        _writer.Dispose();
    }

    private sealed class Logger(BatchedConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = t_line ??= new StringWriter(new StringBuilder(256), CultureInfo.InvariantCulture);
            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, line);
            var builder = line.GetStringBuilder();
            if (builder.Length == 0)
            {
                return;
            }

            var text = builder.ToString();
            builder.Clear();
            if (builder.Capacity > 16 * 1024)
            {
                builder.Capacity = 1024;
            }

            provider._writer.Enqueue(text, logLevel >= provider._errorThreshold);
        }
    }
}
