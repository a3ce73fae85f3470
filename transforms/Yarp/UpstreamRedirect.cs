using Microsoft.AspNetCore.Http;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// WeChat Pay v3 does not redirect. A 3xx from upstream is someone else's answer (a captive proxy, a hijacked
/// DNS name, a misconfigured destination); passed on, most HTTP clients would follow it and carry the caller's
/// X-Api-Key to wherever it points. It becomes the gateway's 502, Location withheld.
/// </summary>
public static class UpstreamRedirect
{
    public static bool Is(int status) => status is >= 300 and < 400;

    /// <summary>Replaces the answer with 502 UPSTREAM_UNREACHABLE; nothing of the redirect (Location, body) is passed on.</summary>
    public static Task RefuseAsync(HttpContext context, int status, string? requestId) =>
        GatewayErrorResponse.WriteAsync(context, StatusCodes.Status502BadGateway, GatewayErrorCodes.UpstreamUnreachable,
            $"WeChat Pay's destination answered {status}, a redirect; WeChat Pay v3 never redirects, so the answer was not forwarded. For a payment or refund the outcome is unknown: query its state before retrying.",
            new { upstream_status = status, request_id = requestId });
}
