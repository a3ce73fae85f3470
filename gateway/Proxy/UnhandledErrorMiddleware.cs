using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Proxy;

/// <summary>
/// A bug still gets the error contract: 500 without a stack trace, the detail in the log. A failure that is the
/// caller's (<see cref="CallerFault"/>: a request Kestrel could not read, a caller that went away) is not a bug,
/// wherever it escapes from: it gets its 4xx, or nothing if the caller left, and no stack trace in the log.
/// </summary>
internal sealed partial class UnhandledErrorMiddleware(RequestDelegate next, ILogger<UnhandledErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (CallerFault.Classify(ex, context) is { } fault)
        {
            LogCallerFault(logger, RouteId(context), ex.GetType().Name, fault.Status);
            await RequestBodyBufferingMiddleware.AnswerAsync(context, RouteId(context), fault, logger);
        }
        catch (Exception ex)
        {
            // The method and route only: the README promises that no path is logged (paths carry order numbers).
            LogUnhandled(logger, ex, context.Request.Method, RouteId(context));
            await GatewayErrorResponse.WriteAsync(context, 500, GatewayErrorCodes.InternalError,
                "The gateway failed to handle this request. For a payment or refund, query its state before retrying.");
        }
    }

    private static string RouteId(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId ?? context.GetEndpoint()?.DisplayName ?? GatewayTags.NoRoute;

    [LoggerMessage(EventId = EventIds.UnhandledException, Level = LogLevel.Error, Message = "Unhandled exception for {Method} on {RouteId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string routeId);

    [LoggerMessage(EventId = EventIds.CallerFaultEscaped, Level = LogLevel.Information, Message = "The caller's request on {RouteId} failed with {ExceptionType}; answered {Status}")]
    private static partial void LogCallerFault(ILogger logger, string routeId, string exceptionType, int status);
}
