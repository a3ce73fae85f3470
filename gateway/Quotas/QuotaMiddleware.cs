using System.Globalization;
using EdgeGateway.Callers;
using EdgeGateway.Requests;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Quotas;

/// <summary>
/// Step 3, in the proxy pipeline after the merchant check: the route's quota (<c>Metadata.Quota</c>), counted per
/// caller and, when the quota says so, per end user. Every answer of such a route carries the RateLimit header
/// fields; a used-up quota is 429 <c>QUOTA_EXCEEDED</c> with <c>Retry-After</c>; Redis away under a fail-closed
/// quota is 503 <c>DEPENDENCY_UNAVAILABLE</c>.
/// </summary>
internal sealed partial class QuotaMiddleware(RequestDelegate next, QuotaEnforcer enforcer, QuotaMetrics metrics,
    ILogger<QuotaMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<PreparedRequest>() is not { Policies: { Quota: { } policy, QuotaName: { } quotaName } } request)
        {
            await next(context);
            return;
        }

        var route = request.Route;
        var caller = context.GetCaller()?.Name ?? Caller.Anonymous.Name;
        var user = QuotaUserResolver.Resolve(policy.User, context.Request.Headers, request.Json);
        var windows = policy.Windows.Select(GcraWindow.From).ToArray();
        QuotaOutcome outcome;
        using (var span = GatewayTelemetry.ActivitySource.StartActivity(GatewaySpans.Quota))
        {
            // The end user is never a tag: it is an openid or a user id.
            span?.SetTag(GatewayTags.Route, route.RouteId);
            span?.SetTag(GatewayTags.Policy, quotaName);
            span?.SetTag(GatewayTags.Caller, caller);
            outcome = await enforcer.DecideAsync(route.RouteId, quotaName, policy, new QuotaRequest(QuotaKeys.For(quotaName, caller, user), windows));
            span?.SetTag(GatewayTags.Decision, outcome.Kind switch
            {
                QuotaOutcomeKind.Unavailable => "failed_closed",
                QuotaOutcomeKind.Degraded => outcome.Decision!.Allowed ? "failed_open_allowed" : "failed_open_rejected",
                _ => outcome.Decision!.Allowed ? "allowed" : "rejected",
            });
        }

        if (outcome.Kind == QuotaOutcomeKind.Unavailable)
        {
            metrics.Rejected(route.RouteId, quotaName, "redis_unavailable");
            LogFailedClosed(logger, quotaName, route.RouteId, caller);
            SetRetryAfter(context, outcome.RetryAfterSeconds);
            await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.DependencyUnavailable,
                $"Quota '{quotaName}' cannot be checked because Redis is unavailable, and this quota refuses rather than guesses; retry after {outcome.RetryAfterSeconds} s.",
                new { quota = quotaName, retry_after_seconds = outcome.RetryAfterSeconds });
            return;
        }

        var decision = outcome.Decision!;
        var policyHeader = RateLimitHeaders.Policy(quotaName, outcome.Windows);
        var stateHeader = RateLimitHeaders.State(quotaName, outcome.Windows, decision);
        context.Response.OnStarting(() =>
        {
            // OnStarting, not now: an error answer further on clears the headers before it is written.
            context.Response.Headers[RateLimitHeaders.PolicyHeader] = policyHeader;
            context.Response.Headers[RateLimitHeaders.StateHeader] = stateHeader;
            return Task.CompletedTask;
        });

        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        var seconds = (int)Math.Max(1, (decision.RetryAfterMs + 999) / 1000);
        metrics.Rejected(route.RouteId, quotaName, "quota_exceeded");
        LogQuotaExceeded(logger, quotaName, route.RouteId, caller, user is not null);
        SetRetryAfter(context, seconds);
        await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, GatewayErrorCodes.QuotaExceeded,
            user is null
                ? $"Caller '{caller}' has used up quota '{quotaName}'; retry after {seconds} s."
                : $"This end user has used up quota '{quotaName}' for caller '{caller}'; retry after {seconds} s.",
            new { quota = quotaName, retry_after_seconds = seconds });
    }

    private static void SetRetryAfter(HttpContext context, int seconds) =>
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

    [LoggerMessage(EventId = EventIds.QuotaExceeded, Level = LogLevel.Debug, Message = "Quota {Quota} exceeded on route {RouteId} for caller {Caller} (per user: {PerUser})")]
    private static partial void LogQuotaExceeded(ILogger logger, string quota, string routeId, string caller, bool perUser);

    [LoggerMessage(EventId = EventIds.QuotaFailedClosed, Level = LogLevel.Debug, Message = "Quota {Quota} on route {RouteId} refused caller {Caller}: Redis unavailable and the quota fails closed")]
    private static partial void LogFailedClosed(ILogger logger, string quota, string routeId, string caller);
}
