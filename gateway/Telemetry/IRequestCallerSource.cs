namespace EdgeGateway.Telemetry;

/// <summary>
/// The extension point through which request telemetry learns who called: the feature that identifies
/// callers registers one implementation (<c>services.AddSingleton&lt;IRequestCallerSource, …&gt;()</c>, or
/// <see cref="TelemetryExtensions.AddRequestCallerSource"/> with a lambda over its own HttpContext feature).
/// It is asked once per request, after the request was answered, and its answer labels the request log
/// line, the <c>caller</c> tag of the RED metrics and the server span. Until one is registered, requests
/// carry no caller.
/// </summary>
public interface IRequestCallerSource
{
    /// <summary>The caller's configured name (never a key or certificate), or null when not identified.</summary>
    string? GetCallerName(HttpContext context);
}
