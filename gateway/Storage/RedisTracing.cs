using EdgeGateway.Telemetry;
using OpenTelemetry.Instrumentation.StackExchangeRedis;

namespace EdgeGateway.Storage;

/// <summary>
/// Hands the gateway's Redis connection to the StackExchange.Redis instrumentation. The connection is
/// created lazily by <see cref="RedisConnection"/> and the instrumentation only when the tracer is
/// built, so this waits for both in the background instead of blocking start-up on Redis.
/// </summary>
internal sealed partial class RedisTracing(RedisConnection redis, ILogger<RedisTracing> logger) : BackgroundService
{
    private readonly TaskCompletionSource<StackExchangeRedisInstrumentation> _instrumentation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once Redis commands are traced.</summary>
    public Task Attached => _attached.Task;

    /// <summary>Called by the tracer provider when it builds the Redis instrumentation.</summary>
    public void Attach(StackExchangeRedisInstrumentation instrumentation) => _instrumentation.TrySetResult(instrumentation);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.IsConfigured)
        {
            return;
        }

        try
        {
            var instrumentation = await _instrumentation.Task.WaitAsync(stoppingToken);
            var multiplexer = await redis.GetMultiplexerAsync().WaitAsync(stoppingToken);
            instrumentation.AddConnection(multiplexer);
            _attached.TrySetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Tracing must never take the gateway down; the features using Redis report its failures themselves.
            LogRedisTracingUnavailable(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = EventIds.RedisTracingUnavailable, Level = LogLevel.Warning,
        Message = "Redis commands will not be traced: the connection could not be handed to the instrumentation ({ExceptionType})")]
    private static partial void LogRedisTracingUnavailable(ILogger logger, string exceptionType);
}
