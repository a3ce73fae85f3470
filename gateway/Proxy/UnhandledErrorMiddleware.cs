using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Proxy;

/// <summary>A bug still gets the error contract: 500 without a stack trace, the detail in the log.</summary>
internal sealed partial class UnhandledErrorMiddleware(RequestDelegate next, ILogger<UnhandledErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, ex, context.Request.Method, context.Request.Path);
            await GatewayErrorResponse.WriteAsync(context, 500, GatewayErrorCodes.InternalError,
                "The gateway failed to handle this request. For a payment or refund, query its state before retrying.");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing to answer.
        }
    }

    [LoggerMessage(EventId = EventIds.UnhandledException, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path);
}
