using System.Diagnostics;
using EdgeGateway.Telemetry;
using EdgeGateway.Transforms.Yarp;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Callers;

/// <summary>
/// Step 1 of the request path, for proxy routes only: who is calling (<c>X-Api-Key</c>, and the client
/// certificate for callers pinned to one) and may it use this route? 401 <c>CALLER_UNAUTHENTICATED</c> /
/// 403 <c>CALLER_FORBIDDEN</c> otherwise. Runs before the rate limiter so that strangers cannot spend the
/// route's permits. The caller goes on the context as a feature, on the trace as a tag and on every log line
/// of the request as a scope: its name, never its key.
/// </summary>
internal sealed partial class CallerAuthenticationMiddleware(RequestDelegate next, CallerRegistry registry, CallerMetrics metrics,
    ILogger<CallerAuthenticationMiddleware> logger)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string TraceTag = GatewayTags.Caller;

    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        if (route is null)
        {
            await next(context);
            return;
        }

        var routeId = route.Config.RouteId;
        var keys = context.Request.Headers[ApiKeyHeader];
        var callers = registry.Current; // one generation for the whole decision, even if a reload lands meanwhile
        Caller? caller;
        if (keys.Count == 0 || string.IsNullOrEmpty(keys[0]))
        {
            if (!callers.AllowsUnauthenticated)
            {
                await Refuse(context, routeId, "missing_key", null, 401, GatewayErrorCodes.CallerUnauthenticated,
                    $"This gateway needs the calling service's API key in the {ApiKeyHeader} header.");
                return;
            }

            caller = Caller.Anonymous;
        }
        else if (keys.Count > 1 || (caller = callers.FindByKey(keys[0]!)) is null)
        {
            await Refuse(context, routeId, "unknown_key", null, 401, GatewayErrorCodes.CallerUnauthenticated,
                $"The {ApiKeyHeader} is not a key this gateway knows; check the key, or ask the operators to register the calling service.");
            return;
        }

        if (caller.CertificateThumbprint is not null
            && !CallerRegistry.CertificateMatches(caller, context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted)))
        {
            await Refuse(context, routeId, "certificate", caller.Name, 401, GatewayErrorCodes.CallerUnauthenticated,
                "This calling service must also present its client certificate (mutual TLS); none, or another one, was presented.");
            return;
        }

        if (!caller.MayUseRoute(routeId, RouteGroups.Of(route.Config)))
        {
            await Refuse(context, routeId, "route", caller.Name, 403, GatewayErrorCodes.CallerForbidden,
                $"Caller '{caller.Name}' may not use route '{routeId}'; ask the operators to grant it the route or its group.",
                new { caller = caller.Name, route = routeId });
            return;
        }

        context.Features.Set(caller);
        Activity.Current?.SetTag(TraceTag, caller.Name);
        using (logger.BeginScope(new CallerLogScope(caller.Name)))
        {
            await next(context);
        }
    }

    private Task Refuse(HttpContext context, string routeId, string reason, string? caller, int status, string code, string message, object? detail = null)
    {
        metrics.Rejected(routeId, reason, caller);
        LogRefused(logger, status, routeId, reason, caller ?? "(unknown)");
        return GatewayErrorResponse.WriteAsync(context, status, code, message, detail);
    }

    [LoggerMessage(EventId = EventIds.CallerRejected, Level = LogLevel.Warning, Message = "Refused {Status} on route {RouteId}: {Reason} (caller {Caller})")]
    private static partial void LogRefused(ILogger logger, int status, string routeId, string reason, string caller);
}
