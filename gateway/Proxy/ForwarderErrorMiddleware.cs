using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Proxy;

/// <summary>
/// Turns YARP's bare 502/504 for a failed forward into the gateway's error contract: 504
/// <c>UPSTREAM_TIMEOUT</c> when the route's timeout fired, 502 <c>UPSTREAM_UNREACHABLE</c> otherwise.
/// </summary>
internal sealed partial class ForwarderErrorMiddleware(RequestDelegate next, ILogger<ForwarderErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || error.Error == ForwarderError.None)
        {
            return;
        }

        // The route timeout (request-timeouts middleware) cancels RequestAborted, which YARP reports as a
        // client cancellation (400); tell the two apart by the timeout feature's own token.
        var timedOut = error.Error == ForwarderError.RequestTimedOut
                       || context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        LogForwarderError(logger, timedOut ? ForwarderError.RequestTimedOut : error.Error, context.GetReverseProxyFeature().Route.Config.RouteId,
            error.Exception?.GetType().Name);
        if (context.Response.HasStarted || (!timedOut && context.RequestAborted.IsCancellationRequested))
        {
            return; // the caller went away, or bytes were already sent
        }

        var (status, code, message) = error.Error switch
        {
            _ when timedOut => (504, GatewayErrorCodes.UpstreamTimeout,
                "WeChat Pay did not answer within this route's timeout. For a payment or refund the outcome is unknown: query its state before retrying."),
            ForwarderError.NoAvailableDestinations => (502, GatewayErrorCodes.UpstreamUnreachable,
                "No WeChat Pay destination is available for this route."),
            _ => (502, GatewayErrorCodes.UpstreamUnreachable,
                "WeChat Pay could not be reached or the connection failed. For a payment or refund the outcome may be unknown: query its state before retrying."),
        };
        await GatewayErrorResponse.WriteAsync(context, status, code, message, new { forwarder_error = error.Error.ToString() });
    }

    [LoggerMessage(EventId = EventIds.ForwarderError, Level = LogLevel.Warning, Message = "Forwarding failed on route {RouteId}: {Error} ({ExceptionType})")]
    private static partial void LogForwarderError(ILogger logger, ForwarderError error, string routeId, string? exceptionType);
}
