using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdgeGateway.Storage;

/// <summary>
/// The gateway's one Redis connection. It connects lazily and never blocks start-up on Redis: the
/// multiplexer reconnects in the background, commands fail fast while it is down (no backlog), and each
/// feature decides what a failure means for it (fail open, fail closed, 500 to WeChat Pay…).
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        _options = options.Value;
        _logger = logger;
        _connection = new Lazy<Task<ConnectionMultiplexer>>(ConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>False when no Redis is configured: features use their in-memory stores.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.Configuration);

    public RedisOptions Options => _options;

    /// <summary>True when the connection is up right now (for health and metrics).</summary>
    public bool IsConnected => _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully && _connection.Value.Result.IsConnected;

    /// <summary>A key with the configured prefix.</summary>
    public RedisKey Key(string name) => _options.KeyPrefix + name;

    public async Task<IDatabase> GetDatabaseAsync()
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException("No Redis is configured (EdgeGateway:Redis:Configuration); use the in-memory store.");
        }

        return (await _connection.Value).GetDatabase();
    }

    /// <summary>The multiplexer, for features that need subscribers or server commands.</summary>
    public Task<ConnectionMultiplexer> GetMultiplexerAsync() => _connection.Value;

    private Task<ConnectionMultiplexer> ConnectAsync() => ConnectAsync(_options.OperationTimeoutMs, null);

    /// <summary>
    /// A second multiplexer of the same configuration, for a feature that sends blocking commands (WAIT) and must not
    /// stall everyone else's commands queued behind them on the shared connection. Its operation timeout is
    /// <paramref name="operationTimeoutMs"/>; the caller disposes it.
    /// </summary>
    public Task<ConnectionMultiplexer> ConnectDedicatedAsync(int operationTimeoutMs, string purpose) => ConnectAsync(operationTimeoutMs, purpose);

    private async Task<ConnectionMultiplexer> ConnectAsync(int operationTimeoutMs, string? purpose)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = _options.ConnectTimeoutMs;
        configuration.AsyncTimeout = operationTimeoutMs;
        configuration.SyncTimeout = operationTimeoutMs;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        configuration.ClientName ??= "edgegateway-" + Environment.MachineName + (purpose is null ? string.Empty : "-" + purpose);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(_logger, e.EndPoint?.ToString(), e.FailureType.ToString());
        multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(_logger, e.EndPoint?.ToString());
        if (!multiplexer.IsConnected)
        {
            LogConnectionFailed(_logger, configuration.EndPoints.FirstOrDefault()?.ToString(), "initial connect");
        }

        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = EventIds.RedisConnectionFailed, Level = LogLevel.Warning,
        Message = "Redis connection to {EndPoint} failed ({FailureType}); features run on their failure policies until it is back")]
    private static partial void LogConnectionFailed(ILogger logger, string? endPoint, string failureType);

    [LoggerMessage(EventId = EventIds.RedisConnectionRestored, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string? endPoint);
}
