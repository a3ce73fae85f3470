using EdgeGateway.Merchants.Pkcs11;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;
using EdgeGateway.Requests;

namespace EdgeGateway.Proxy;

/// <summary>
/// Turns YARP's bare 502/504 for a failed forward into the gateway's error contract: 504
/// <c>UPSTREAM_TIMEOUT</c> when the route's timeout fired, 502 <c>UPSTREAM_UNREACHABLE</c> otherwise; a request that
/// could not be signed because its merchant's PKCS#11 token is unreachable is 503 <c>MERCHANT_KEY_UNAVAILABLE</c>.
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

        if (KeyUnavailable(error.Exception) is { } keyUnavailable && context.Features.Get<PreparedRequest>() is { } request)
        {
            // The signature could not be made: nothing reached WeChat Pay, and only this merchant is affected.
            LogMerchantKeyUnavailable(logger, request.Merchant.MchId, keyUnavailable.Message);
            await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.MerchantKeyUnavailable,
                $"Merchant {request.Merchant.MchId}: its private key (in a PKCS#11 token) cannot be used now; nothing was sent to WeChat Pay. Retry later.");
            return;
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

    private static MerchantKeyUnavailableException? KeyUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is MerchantKeyUnavailableException unavailable)
            {
                return unavailable;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = EventIds.MerchantKeyUnavailable, Level = LogLevel.Warning,
        Message = "Merchant {MchId}: request refused with 503, its key cannot be used: {Reason}")]
    private static partial void LogMerchantKeyUnavailable(ILogger logger, string mchId, string reason);

    [LoggerMessage(EventId = EventIds.ForwarderError, Level = LogLevel.Warning, Message = "Forwarding failed on route {RouteId}: {Error} ({ExceptionType})")]
    private static partial void LogForwarderError(ILogger logger, ForwarderError error, string routeId, string? exceptionType);
}
