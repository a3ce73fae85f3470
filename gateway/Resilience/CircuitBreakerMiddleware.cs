using System.Globalization;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Polly;
using Polly.CircuitBreaker;

namespace EdgeGateway.Resilience;

/// <summary>
/// Runs the rest of the proxy pipeline (balancing, forwarding, verification) through the route's circuit
/// breaker. While the breaker is open the request is answered at once with 503 <c>CIRCUIT_OPEN</c> and a
/// <c>Retry-After</c>; nothing is sent to WeChat Pay. It is the last of the gateway's own steps, so every
/// refusal before it (400, 409, 413, 429) never counts as a failure of WeChat Pay.
/// </summary>
internal sealed class CircuitBreakerMiddleware(RequestDelegate next, RouteCircuitBreakers breakers, ResilienceMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var breaker = breakers.For(context.GetReverseProxyFeature().Route.Config);
        if (breaker is null)
        {
            await next(context);
            return;
        }

        // The span covers the guarded call, so forwarding and verification are its children.
        using var span = GatewayTelemetry.ActivitySource.StartActivity(GatewaySpans.CircuitBreaker);
        span?.SetTag(GatewayTags.Route, breaker.RouteId);
        span?.SetTag(GatewayTags.BreakerState, StateName(breaker.State));

        var probe = false;
        if (breaker.Consecutive is { } consecutive && !consecutive.TryEnter(out var wait, out probe))
        {
            span?.SetTag(GatewayTags.Decision, "rejected");
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, GatewayErrorCodes.CircuitOpen);
            metrics.Rejected(breaker.RouteId);
            await RejectAsync(context, breaker.RouteId, wait);
            return;
        }

        // Not RequestAborted: a caller that leaves must not make Polly skip recording the call it started.
        var resilience = ResilienceContextPool.Shared.Get(CancellationToken.None);
        Outcome<UpstreamOutcome> outcome;
        try
        {
            outcome = await breaker.Pipeline.ExecuteOutcomeAsync(static async (_, state) =>
            {
                try
                {
                    await state.next(state.context);
                    return Outcome.FromResult(UpstreamOutcome.Classify(state.context));
                }
                catch (Exception ex)
                {
                    return Outcome.FromException<UpstreamOutcome>(ex);
                }
            }, resilience, (next, context));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }

        if (outcome.Exception is BrokenCircuitException)
        {
            breaker.Consecutive?.Abandon(probe);
        }
        else
        {
            breaker.Consecutive?.Record(outcome.Result.IsFailure, probe);
        }

        span?.SetTag(GatewayTags.Decision, outcome.Exception is BrokenCircuitException ? "rejected" : "allowed");
        if (outcome.Exception is BrokenCircuitException open)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, GatewayErrorCodes.CircuitOpen);
            metrics.Rejected(breaker.RouteId);
            await RejectAsync(context, breaker.RouteId, open.RetryAfter);
            return;
        }

        outcome.ThrowIfException();
    }

    private static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "isolated",
    };

    private static Task RejectAsync(HttpContext context, string routeId, TimeSpan? retryAfter)
    {
        // Half-open with its probe in flight gives no RetryAfter: the probe decides within the route timeout.
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
        // The error writer clears the response first, so the header goes on just before the headers are sent.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return GatewayErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.CircuitOpen,
            "WeChat Pay failed too often on this route recently, so the gateway is not calling it for a moment. Nothing was sent; retry after the Retry-After delay.",
            new { route = routeId, retry_after_seconds = seconds });
    }
}
