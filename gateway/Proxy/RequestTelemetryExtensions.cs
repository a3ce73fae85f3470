namespace EdgeGateway.Proxy;

internal static class RequestTelemetryExtensions
{
    /// <summary>The per-request telemetry step; call first, so it sees every answer (see <see cref="RequestTelemetryMiddleware"/>).</summary>
    public static WebApplication UseRequestTelemetry(this WebApplication app)
    {
        app.UseMiddleware<RequestTelemetryMiddleware>();
        return app;
    }
}
