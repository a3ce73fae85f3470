using Microsoft.Net.Http.Headers;

namespace EdgeGateway.Caching;

/// <summary>
/// Whether the caller asks for a fresh answer: <c>Cache-Control: no-cache</c> or <c>max-age=0</c> (what a "reload"
/// sends), or <c>Pragma: no-cache</c> without Cache-Control (RFC 9111 §5.2.1.4, §5.4).
/// </summary>
internal static class CacheBypass
{
    public static bool IsRequested(HttpRequest request)
    {
        var cacheControl = request.Headers.CacheControl;
        if (cacheControl.Count > 0)
        {
            return CacheControlHeaderValue.TryParse(cacheControl.ToString(), out var parsed)
                   && (parsed.NoCache || parsed.MaxAge == TimeSpan.Zero);
        }

        foreach (var pragma in request.Headers.Pragma)
        {
            if (pragma is not null && pragma.Contains("no-cache", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
