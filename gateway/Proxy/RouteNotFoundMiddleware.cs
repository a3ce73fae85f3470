using EdgeGateway.Management;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.Proxy;

/// <summary>
/// A path on the public listener that no route of config/routes.json matches gets <c>404 ROUTE_NOT_FOUND</c> in the
/// gateway's error shape, naming the path and where routes are added: an empty 404 reads like WeChat Pay's "no such
/// API", and sends the caller looking in the wrong place. A path a route serves, with a method it does not, gets
/// <c>405 METHOD_NOT_ALLOWED</c> the same way, keeping routing's <c>Allow</c> header. The management listener keeps its
/// own plain answers.
/// </summary>
internal sealed class RouteNotFoundMiddleware(RequestDelegate next)
{
    /// <summary>Longest part of the path echoed back; the rest is cut (a path is up to Kestrel's request-line limit).</summary>
    private const int MaxEchoedPath = 256;

    /// <summary>The display name ASP.NET Core routing gives the endpoint it picks when only the method does not match.</summary>
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (ManagementListener.IsManagementConnection(context))
        {
            await next(context);
            return;
        }

        if (endpoint?.DisplayName == MethodNotAllowedEndpoint)
        {
            await next(context); // routing's own answer: 405 and the Allow header, no body
            if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                var allow = context.Response.Headers.Allow.ToString();
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Allow = allow; // the error writer clears headers first; Allow belongs on a 405
                    return Task.CompletedTask;
                });
                await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, GatewayErrorCodes.MethodNotAllowed,
                    $"{Echo(context)} is served only for {allow}; WeChat Pay's API takes each path with its own method.",
                    new { method = context.Request.Method, path = Echo(context), allow });
            }

            return;
        }

        if (endpoint is not null)
        {
            await next(context);
            return;
        }

        var path = Echo(context);
        await GatewayErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound, GatewayErrorCodes.RouteNotFound,
            $"No route of this gateway serves {context.Request.Method} {path}. Routes are listed in config/routes.json; "
            + "to call another WeChat Pay v3 API through the gateway, add a route there (config/README.md, \"A route for a new v3 API\").",
            new { method = context.Request.Method, path, routes = "config/routes.json" });
    }

    private static string Echo(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return path.Length > MaxEchoedPath ? path[..MaxEchoedPath] + "…" : path;
    }
}
