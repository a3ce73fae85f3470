using EdgeGateway.Configuration;
using EdgeGateway.Storage;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace EdgeGateway.Quotas;

/// <summary>
/// Decides quotas and applies the Redis failure policy. With Redis configured each decision goes through a
/// circuit breaker and is bounded by <c>EdgeGateway:Redis:OperationTimeoutMs</c>, so an outage costs a request at
/// most that long (and nothing once the circuit is open). When Redis cannot answer, a fail-open quota is decided
/// by a local limiter sized limit ÷ <see cref="QuotaPolicy.ExpectedInstances"/>, a fail-closed one is refused.
/// The circuit probes Redis again after <see cref="QuotaOptions.CircuitBreakDuration"/> and closes on success.
/// </summary>
internal sealed partial class QuotaEnforcer
{
    private readonly RedisConnection _redis;
    private readonly IQuotaStore _shared;
    private readonly InMemoryQuotaStore _fallback;
    private readonly QuotaHealth _health;
    private readonly QuotaMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline _pipeline;
    private readonly int _breakSeconds;

    public QuotaEnforcer(RedisConnection redis, IServiceProvider services, IOptions<QuotaOptions> options, QuotaHealth health, QuotaMetrics metrics,
        TimeProvider timeProvider, ILogger<QuotaEnforcer> logger)
    {
        _redis = redis;
        _health = health;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _timeout = TimeSpan.FromMilliseconds(redis.Options.OperationTimeoutMs);
        _fallback = new InMemoryQuotaStore(timeProvider);
        _shared = redis.IsConfigured ? services.GetRequiredService<RedisQuotaStore>() : services.GetRequiredService<InMemoryQuotaStore>();
        var settings = options.Value;
        _breakSeconds = Math.Max(1, (int)Math.Ceiling(settings.CircuitBreakDuration.TotalSeconds));
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.CircuitFailureRatio,
                MinimumThroughput = settings.CircuitMinimumThroughput,
                SamplingDuration = settings.CircuitSamplingDuration,
                BreakDuration = settings.CircuitBreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                StateProvider = health.Circuit,
                OnOpened = args =>
                {
                    LogDegraded(logger, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.GetType().Name ?? "failure");
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogRecovered(logger);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>True when quotas are shared through Redis; false when they live in this process.</summary>
    public bool UsesRedis => _redis.IsConfigured;

    public async ValueTask<QuotaOutcome> DecideAsync(string routeId, string quotaName, QuotaPolicy policy, QuotaRequest request)
    {
        var started = _timeProvider.GetTimestamp();
        if (!_redis.IsConfigured)
        {
            var local = await _shared.DecideAsync(request).ConfigureAwait(false);
            _metrics.Decided(routeId, "memory", _timeProvider.GetElapsedTime(started));
            return new QuotaOutcome(QuotaOutcomeKind.Enforced, local, request.Windows);
        }

        string reason;
        try
        {
            var decision = await _pipeline.ExecuteAsync(static async (state, _) =>
                    await state.Store.DecideAsync(state.Request).WaitAsync(state.Timeout, state.Time).ConfigureAwait(false),
                (Store: _shared, Request: request, Timeout: _timeout, Time: _timeProvider)).ConfigureAwait(false);
            _health.Succeeded();
            _metrics.Decided(routeId, "redis", _timeProvider.GetElapsedTime(started));
            return new QuotaOutcome(QuotaOutcomeKind.Enforced, decision, request.Windows);
        }
        catch (BrokenCircuitException)
        {
            reason = "circuit_open";
        }
        catch (TimeoutException)
        {
            reason = "timeout";
            _health.Failed();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reason = "error";
            _health.Failed();
        }

        if (policy.OnRedisFailure == RedisFailureMode.FailClosed)
        {
            _metrics.Fallback(routeId, quotaName, "fail_closed", reason);
            _metrics.Decided(routeId, "unavailable", _timeProvider.GetElapsedTime(started));
            return new QuotaOutcome(QuotaOutcomeKind.Unavailable, null, request.Windows, _breakSeconds);
        }

        var shares = request.Windows.Select(w => w.Share(policy.ExpectedInstances)).ToArray();
        var fallback = _fallback.Decide(request with { Windows = shares });
        _metrics.Fallback(routeId, quotaName, "fail_open", reason);
        _metrics.Decided(routeId, "local_fallback", _timeProvider.GetElapsedTime(started));
        return new QuotaOutcome(QuotaOutcomeKind.Degraded, fallback, shares);
    }

    [LoggerMessage(EventId = EventIds.QuotaRedisDegraded, Level = LogLevel.Warning,
        Message = "Quotas cannot reach Redis ({Failure}); for the next {BreakSeconds} s fail-open quotas run on local per-instance limiters and fail-closed quotas answer 503, then Redis is tried again")]
    private static partial void LogDegraded(ILogger logger, double breakSeconds, string failure);

    [LoggerMessage(EventId = EventIds.QuotaRedisRecovered, Level = LogLevel.Information, Message = "Quotas reach Redis again; shared enforcement restored")]
    private static partial void LogRecovered(ILogger logger);
}
