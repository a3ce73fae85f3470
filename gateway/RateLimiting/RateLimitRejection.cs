using System.Globalization;
using System.Threading.RateLimiting;
using EdgeGateway.Callers;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.RateLimiting;

namespace EdgeGateway.RateLimiting;

/// <summary>
/// Answers a request the route's limiter refused: 429 <c>RATE_LIMITED</c> in the error contract with
/// <c>Retry-After</c> (the framework's default would be a bare 503, which callers would read as an outage).
/// </summary>
internal sealed partial class RateLimitRejection(RateLimitMetrics metrics, ILogger<RateLimitRejection> logger)
{
    public ValueTask OnRejectedAsync(OnRejectedContext context)
    {
        var http = context.HttpContext;
        var routeId = RouteRateLimiterPolicy.RouteId(http);
        // Only the token bucket knows when a permit comes back; a full concurrency limit frees up as requests
        // finish, so one second is an honest hint.
        var fromBucket = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var reason = fromBucket ? "token_bucket" : "concurrency";
        var seconds = fromBucket ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        metrics.Rejected(routeId, reason);
        LogRateLimited(logger, routeId, reason, http.GetCaller()?.Name ?? "(none)");
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        var message = fromBucket
            ? $"Route '{routeId}' is over its request rate on this gateway instance; retry after {seconds} s."
            : $"Route '{routeId}' has as many requests in flight as it allows on this gateway instance; retry shortly.";
        return new ValueTask(GatewayErrorResponse.WriteAsync(http, StatusCodes.Status429TooManyRequests, GatewayErrorCodes.RateLimited, message,
            new { route = routeId, limit = reason, retry_after_seconds = seconds }));
    }

    [LoggerMessage(EventId = EventIds.RateLimited, Level = LogLevel.Debug, Message = "Rate limited on route {RouteId} ({Reason}), caller {Caller}")]
    private static partial void LogRateLimited(ILogger logger, string routeId, string reason, string caller);
}
