using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EdgeGateway.Configuration;
using EdgeGateway.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>
/// One Polly circuit breaker per route (never shared: one route's failures never open another's), built
/// lazily from the policy the route names in <c>Metadata.CircuitBreaker</c>. The policy is looked up in the
/// current catalogue on every request, so an edit applies to new requests; only a route whose breaker values
/// changed gets a new breaker.
/// </summary>
internal sealed partial class RouteCircuitBreakers
{
    private readonly ConcurrentDictionary<string, RouteBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly PolicyCatalogProvider _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ResilienceMetrics _metrics;
    private readonly ILogger<RouteCircuitBreakers> _logger;

    public RouteCircuitBreakers(PolicyCatalogProvider catalog, TimeProvider timeProvider, ResilienceMetrics metrics, ILogger<RouteCircuitBreakers> logger)
    {
        _catalog = catalog;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("edgegateway.circuit_breaker.state", Observe, "{state}",
            "State of each route's circuit breaker: 0 closed, 1 half-open, 2 open, 3 isolated.");
    }

    /// <summary>Every breaker built so far, for the operator view.</summary>
    public IReadOnlyCollection<RouteBreaker> All => [.. _breakers.Values];

    /// <summary>The route's breaker, or null when the route names none.</summary>
    public RouteBreaker? For(RouteConfig route)
    {
        if (route.Metadata is null || !route.Metadata.TryGetValue(RouteMetadataKeys.CircuitBreaker, out var name)
            || !_catalog.Current.CircuitBreakers.TryGetValue(name, out var policy))
        {
            return null;
        }

        var settings = BreakerSettings.From(name, policy);
        if (_breakers.TryGetValue(route.RouteId, out var existing) && existing.Settings == settings)
        {
            return existing;
        }

        lock (_gate)
        {
            if (_breakers.TryGetValue(route.RouteId, out existing) && existing.Settings == settings)
            {
                return existing;
            }

            var created = Build(route.RouteId, settings);
            _breakers[route.RouteId] = created;
            LogBreakerBuilt(_logger, route.RouteId, name, settings.FailureRatio, settings.SamplingDuration, settings.MinimumThroughput, settings.BreakDuration,
                existing is null ? "created" : "rebuilt after its policy changed");
            return created;
        }
    }

    private RouteBreaker Build(string routeId, BreakerSettings settings)
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder<UpstreamOutcome> { TimeProvider = _timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<UpstreamOutcome>
            {
                FailureRatio = settings.FailureRatio,
                SamplingDuration = settings.SamplingDuration,
                MinimumThroughput = settings.MinimumThroughput,
                BreakDuration = settings.BreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result.IsFailure),
                OnOpened = args =>
                {
                    _metrics.Transition(routeId, "open");
                    LogOpened(_logger, routeId, args.BreakDuration, args.Outcome.Result.Kind);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    _metrics.Transition(routeId, "half_open");
                    LogHalfOpened(_logger, routeId);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    _metrics.Transition(routeId, "closed");
                    LogClosed(_logger, routeId);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        var consecutive = settings.ConsecutiveFailures > 0
            ? new ConsecutiveFailureBreaker(settings.ConsecutiveFailures, settings.BreakDuration, _timeProvider, entered => OnConsecutiveTransition(routeId, settings, entered))
            : null;
        return new RouteBreaker(routeId, settings, pipeline, state, consecutive);
    }

    private void OnConsecutiveTransition(string routeId, BreakerSettings settings, CircuitState entered)
    {
        switch (entered)
        {
            case CircuitState.Open:
                _metrics.Transition(routeId, "open");
                LogOpenedOnConsecutiveFailures(_logger, routeId, settings.BreakDuration, settings.ConsecutiveFailures);
                break;
            case CircuitState.HalfOpen:
                _metrics.Transition(routeId, "half_open");
                LogHalfOpened(_logger, routeId);
                break;
            default:
                _metrics.Transition(routeId, "closed");
                LogClosed(_logger, routeId);
                break;
        }
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        foreach (var breaker in _breakers.Values)
        {
            yield return new Measurement<int>(StateValue(breaker.State),
                new KeyValuePair<string, object?>("route", breaker.RouteId), new KeyValuePair<string, object?>("policy", breaker.Settings.PolicyName));
        }
    }

    internal static int StateValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        _ => 3,
    };

    [LoggerMessage(EventId = EventIds.CircuitBreakerBuilt, Level = LogLevel.Information,
        Message = "Circuit breaker of route {RouteId} {Change} from policy {Policy}: open at {FailureRatio} failures over {SamplingDuration} (at least {MinimumThroughput} calls) for {BreakDuration}")]
    private static partial void LogBreakerBuilt(ILogger logger, string routeId, string policy, double failureRatio, TimeSpan samplingDuration,
        int minimumThroughput, TimeSpan breakDuration, string change);

    [LoggerMessage(EventId = EventIds.CircuitOpened, Level = LogLevel.Warning,
        Message = "Circuit breaker of route {RouteId} opened for {BreakDuration} (last failure: {FailureKind}); requests get 503 CIRCUIT_OPEN without calling WeChat Pay")]
    private static partial void LogOpened(ILogger logger, string routeId, TimeSpan breakDuration, string failureKind);

    [LoggerMessage(EventId = EventIds.CircuitOpenedOnConsecutiveFailures, Level = LogLevel.Warning,
        Message = "Circuit breaker of route {RouteId} opened for {BreakDuration} after {ConsecutiveFailures} failed calls in a row; requests get 503 CIRCUIT_OPEN without calling WeChat Pay")]
    private static partial void LogOpenedOnConsecutiveFailures(ILogger logger, string routeId, TimeSpan breakDuration, int consecutiveFailures);

    [LoggerMessage(EventId = EventIds.CircuitHalfOpened, Level = LogLevel.Information,
        Message = "Circuit breaker of route {RouteId} is half-open: the next request probes WeChat Pay")]
    private static partial void LogHalfOpened(ILogger logger, string routeId);

    [LoggerMessage(EventId = EventIds.CircuitClosed, Level = LogLevel.Information,
        Message = "Circuit breaker of route {RouteId} closed: WeChat Pay answers again")]
    private static partial void LogClosed(ILogger logger, string routeId);
}
