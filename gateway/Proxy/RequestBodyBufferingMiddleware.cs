using EdgeGateway.Configuration;
using EdgeGateway.Hosting;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;
using EdgeGateway.Requests;

namespace EdgeGateway.Proxy;

/// <summary>
/// Step 2 of the request path (README, "What the gateway does with a request"): reads a proxied request's whole body
/// into <see cref="BufferedRequestBody"/> within the route's limit and <see cref="ServerLimitsOptions.RequestBodyTimeout"/>,
/// before the route's rate limiter and its timeout. A caller sending slowly then holds no concurrency permit of the
/// route while it sends, and a late body is answered 408 as the caller's, not 504 as WeChat Pay's. It runs after caller
/// authentication, so only a known caller can make the gateway buffer anything.
/// Every failure is an answer: 413 over the limit, 408 too slow, 400 malformed framing (the connection is then closed,
/// nothing pipelined behind it is read), and a caller that went away gets no answer.
/// </summary>
internal sealed partial class RequestBodyBufferingMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options, ServerLimitsOptions limits,
    TimeProvider timeProvider, ILogger<RequestBodyBufferingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
        if (route is null)
        {
            await next(context); // management endpoints and callbacks read their own bodies
            return;
        }

        var limit = RouteBodyLimit.For(route, options.CurrentValue);
        var (body, fault) = await ReadAsync(context, limit);
        if (body is not null)
        {
            context.Features.Set(new BufferedRequestBody(body));
            await next(context);
        }
        else if (fault is not null)
        {
            await AnswerAsync(context, route.RouteId, fault, logger);
        }
        else
        {
            LogRefused(logger, route.RouteId, StatusCodes.Status413PayloadTooLarge, "over_limit");
            await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, GatewayErrorCodes.RequestTooLarge,
                $"The request body is larger than this route's limit of {limit} bytes.", new { limit_bytes = limit });
        }
    }

    /// <summary>The body; or null and the caller's fault; or null and no fault when the body is over <paramref name="limit"/>.</summary>
    private async Task<(byte[]? Body, CallerFault? Fault)> ReadAsync(HttpContext context, long limit)
    {
        using var deadline = new CancellationTokenSource(limits.RequestBodyTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        try
        {
            return (await RequestBodyReader.ReadAsync(context.Request, limit, linked.Token), null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            return (null, new CallerFault(StatusCodes.Status408RequestTimeout, GatewayErrorCodes.InvalidRequest,
                $"The request body did not arrive within {limits.RequestBodyTimeout.TotalSeconds:0.###} s; nothing was forwarded. Send the whole body at once.",
                "body_timeout"));
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // Only the caller's bytes are being read here, so whatever breaks is the caller's (README, "Errors").
            return (null, CallerFault.Classify(ex, context) ?? CallerFault.Unreadable(ex.Message));
        }
    }

    /// <summary>Answers a caller's fault: closes the connection after a 4xx (its framing is not trusted), or drops the exchange if the caller left.</summary>
    public static Task AnswerAsync(HttpContext context, string routeId, CallerFault fault, ILogger logger)
    {
        LogRefused(logger, routeId, fault.Status, fault.Reason);
        if (fault.CallerGone)
        {
            context.Features.Set(ClientClosedRequestFeature.Instance);
            context.Abort();
            return Task.CompletedTask;
        }

        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            // After a body that could not be read, where the next request would start is unknown.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Connection = "close";
                return Task.CompletedTask;
            });
        }

        return GatewayErrorResponse.WriteAsync(context, fault.Status, fault.Code, fault.Message);
    }

    [LoggerMessage(EventId = EventIds.RequestBodyRefused, Level = LogLevel.Information, Message = "Request body on route {RouteId} refused with {Status} ({Reason})")]
    private static partial void LogRefused(ILogger logger, string routeId, int status, string reason);
}
