namespace EdgeGateway.Proxy;

internal static class RequestBodyBufferingExtensions
{
    /// <summary>
    /// Step 2: buffer a proxied request's body. After caller authentication (strangers cannot make the gateway buffer
    /// anything) and before the route's timeout and rate limiter (a slow body holds no permit and is the caller's 408).
    /// </summary>
    public static WebApplication UseRequestBodyBuffering(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyBufferingMiddleware>();
        return app;
    }
}
