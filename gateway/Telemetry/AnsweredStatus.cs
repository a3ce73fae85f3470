using EdgeGateway.Transforms.Yarp;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Telemetry;

/// <summary>
/// The status a request is counted and logged with. Usually the response's; but a request whose caller went away
/// (HTTP/1.1 connection closed or reset, HTTP/2 stream cancelled) before the gateway finished is counted as 499,
/// client closed request (nginx's convention), whatever status the unsent or half-sent response carried: otherwise
/// an abandoned payment would show on dashboards as a 200.
/// </summary>
internal static class AnsweredStatus
{
    public const int ClientClosedRequest = 499;

    public static int Of(HttpContext context)
    {
        if (!CallerLeft(context))
        {
            return context.Response.StatusCode;
        }

        // If the gateway wrote (or tried to write) its own error, that is its verdict, even when it then ended the
        // exchange itself (an error after the response had started aborts it).
        return context.Features.Get<GatewayErrorFeature>()?.Status ?? ClientClosedRequest;
    }

    private static bool CallerLeft(HttpContext context) =>
        context.Features.Get<ClientClosedRequestFeature>() is not null
        || context.RequestAborted.IsCancellationRequested
        || context.Features.Get<IForwarderErrorFeature>()?.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled;
}
