namespace EdgeGateway.Telemetry;

/// <summary>An <see cref="IRequestCallerSource"/> over a lambda (see <see cref="TelemetryExtensions.AddRequestCallerSource"/>).</summary>
internal sealed class DelegateCallerSource(Func<HttpContext, string?> getCallerName) : IRequestCallerSource
{
    public string? GetCallerName(HttpContext context) => getCallerName(context);
}
