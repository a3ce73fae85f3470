using EdgeGateway.Requests;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Callers;

/// <summary>
/// The second half of step 1, in the proxy pipeline right after request preparation (which resolved the
/// merchant whose key would sign): may this caller act for that merchant? 403 <c>CALLER_FORBIDDEN</c> otherwise,
/// before anything is counted against quotas or sent upstream.
/// </summary>
internal sealed partial class CallerMerchantAuthorizationMiddleware(RequestDelegate next, CallerMetrics metrics, ILogger<CallerMerchantAuthorizationMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.Get<PreparedRequest>();
        var caller = context.GetCaller();
        if (request is null || caller is null)
        {
            // Both are set by the steps before this one on every proxy route; without them there is nothing to decide.
            return next(context);
        }

        var mchId = request.Merchant.MchId;
        if (caller.MayActFor(mchId))
        {
            return next(context);
        }

        metrics.Rejected(request.RouteId, "merchant", caller.Name);
        LogRefused(logger, request.RouteId, caller.Name, mchId);
        return GatewayErrorResponse.WriteAsync(context, 403, GatewayErrorCodes.CallerForbidden,
            $"Caller '{caller.Name}' may not act for merchant {mchId}; ask the operators to grant it this mchid.",
            new { caller = caller.Name, mchid = mchId });
    }

    [LoggerMessage(EventId = EventIds.CallerRejected, Level = LogLevel.Warning, Message = "Refused 403 on route {RouteId}: caller {Caller} may not act for merchant {MchId}")]
    private static partial void LogRefused(ILogger logger, string routeId, string caller, string mchId);
}
