using EdgeGateway.Management;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Proxy;

/// <summary>
/// A path on the public listener that no route of config/routes.json matches gets <c>404 ROUTE_NOT_FOUND</c> in the
/// gateway's error shape, naming the path and where routes are added: an empty 404 reads like WeChat Pay's "no such
/// API", and sends the caller looking in the wrong place. The management listener keeps its own plain 404s.
/// </summary>
internal sealed class RouteNotFoundMiddleware(RequestDelegate next)
{
    /// <summary>Longest part of the path echoed back; the rest is cut (a path is up to Kestrel's request-line limit).</summary>
    private const int MaxEchoedPath = 256;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not null || ManagementListener.IsManagementConnection(context))
        {
            return next(context);
        }

        var path = context.Request.Path.Value ?? "/";
        if (path.Length > MaxEchoedPath)
        {
            path = path[..MaxEchoedPath] + "…";
        }

        return GatewayErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound, GatewayErrorCodes.RouteNotFound,
            $"No route of this gateway serves {context.Request.Method} {path}. Routes are listed in config/routes.json; "
            + "to call another WeChat Pay v3 API through the gateway, add a route there (config/README.md, \"A route for a new v3 API\").",
            new { method = context.Request.Method, path, routes = "config/routes.json" });
    }
}
