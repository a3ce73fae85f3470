using System.Collections.Concurrent;
using System.Net;
using EdgeGateway.Configuration;
using EdgeGateway.Telemetry;
using Polly;
using Polly.Retry;

namespace EdgeGateway.Resilience;

/// <summary>
/// Polly retry pipelines for queries, one per distinct <see cref="RetryPolicy"/> (a policy edit builds a new
/// one). Retried: transport errors, 5xx and 429, with exponential backoff and jitter; a <c>Retry-After</c> the
/// answer carries is honoured, and when it asks for more than <see cref="RetryPolicy.MaxDelay"/> the answer is
/// returned as it is rather than retried early. Every wait is cancelled by the route timeout. A retry the
/// cluster's <see cref="RetryBudget"/> has no room for is not made: the last answer is returned as it is.
/// </summary>
internal sealed partial class QueryRetryPipelines(TimeProvider timeProvider, ResilienceMetrics metrics, ILogger<QueryRetryPipelines> logger)
{
    /// <summary>The call being retried, for the retry's metric and log.</summary>
    public static readonly ResiliencePropertyKey<UpstreamCall> CallKey = new("EdgeGateway.UpstreamCall");

    /// <summary>The retry budget the call's retries spend from.</summary>
    public static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("EdgeGateway.RetryBudget");

    private readonly ConcurrentDictionary<(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay), ResiliencePipeline<HttpResponseMessage>> _pipelines = new();

    public ResiliencePipeline<HttpResponseMessage> For(RetryPolicy policy) =>
        _pipelines.GetOrAdd((policy.MaxRetries, policy.BaseDelay, policy.MaxDelay), Build);

    private ResiliencePipeline<HttpResponseMessage> Build((int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay) settings)
    {
        var (maxRetries, baseDelay, maxDelay) = settings;
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay,
                MaxDelay = maxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber, maxRetries, maxDelay)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
                OnRetry = args =>
                {
                    var reason = Reason(args.Outcome, args.Context.CancellationToken, maxDelay) ?? "unknown";
                    var route = args.Context.Properties.TryGetValue(CallKey, out var call) ? call.RouteId : "unknown";
                    metrics.Retry(route, reason);
                    LogRetry(logger, route, reason, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Whether to retry: the outcome is worth it and the budget has room. Polly asks after the last attempt too
    /// (and then returns the outcome whatever the answer), so that attempt spends nothing from the budget.
    /// </summary>
    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber, int maxRetries, TimeSpan maxDelay)
    {
        if (Reason(outcome, context.CancellationToken, maxDelay) is not { } reason)
        {
            return false;
        }

        if (attemptNumber >= maxRetries || !context.Properties.TryGetValue(BudgetKey, out var budget) || budget.TryWithdraw())
        {
            return true;
        }

        var call = context.Properties.TryGetValue(CallKey, out var c) ? c : null;
        var route = call?.RouteId ?? "unknown";
        var cluster = call?.Cluster.ClusterId ?? "unknown";
        metrics.RetryDenied(route, cluster, reason);
        LogRetryDenied(logger, route, reason, cluster, attemptNumber + 1);
        return false;
    }

    /// <summary>Why an outcome is worth another attempt, as a metric tag; null when it is not.</summary>
    internal string? Reason(Outcome<HttpResponseMessage> outcome, CancellationToken requestToken, TimeSpan maxDelay)
    {
        if (outcome.Exception is { } exception)
        {
            return TransportFailure.IsTransportError(exception, requestToken) ? "transport_error" : null;
        }

        if (outcome.Result is not { } response)
        {
            return null;
        }

        var status = (int)response.StatusCode;
        if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
        {
            return null;
        }

        // Retry-After longer than this policy may wait: calling earlier would ignore it, so hand the answer back.
        if (RetryAfter(response) is { } asked && asked > maxDelay)
        {
            return null;
        }

        return status == (int)HttpStatusCode.TooManyRequests ? "too_many_requests" : "server_error";
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    [LoggerMessage(EventId = EventIds.QueryRetry, Level = LogLevel.Information,
        Message = "Query on route {RouteId} failed ({Reason}); attempt {Attempt} of the retry in {DelayMs} ms, freshly signed")]
    private static partial void LogRetry(ILogger logger, string routeId, string reason, int attempt, long delayMs);

    [LoggerMessage(EventId = EventIds.QueryRetryDeniedByBudget, Level = LogLevel.Information,
        Message = "Query on route {RouteId} failed ({Reason}) and is not retried: the retry budget of cluster {ClusterId} is spent; the answer of attempt {Attempt} is returned as it is")]
    private static partial void LogRetryDenied(ILogger logger, string routeId, string reason, string clusterId, int attempt);
}
