using System.Net.Http.Headers;
using EdgeGateway.Transforms.WeChatPay;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Shapes the outgoing request as WeChat Pay gets it: only allow-listed headers, the gateway's User-Agent and
/// Wechatpay-Serial, the exact body length, and the final <c>RequestUri</c> (YARP only builds it after the transforms,
/// so it is fixed here). It runs after every other request transform (<see cref="WeChatPayTransformOrdering"/> moves it
/// last) and hands the request's <see cref="WeChatPayExchange"/> to <see cref="WeChatPaySigningHandler"/> below YARP,
/// which signs every attempt — the first, a retry, a failover — in one place, as addressed when it is sent.
/// </summary>
public sealed class WeChatPayRequestTransform(string userAgent) : RequestTransform
{
    /// <summary>
    /// The only headers of the caller's request that travel on (YARP copies none on these routes, see
    /// <see cref="WeChatPayTransformExtensions.AddWeChatPay"/>). Everything else a caller sends — its X-Api-Key,
    /// cookies, tenant ids, internal tokens, an oversized header (one of about 16 KB made the call to WeChat Pay fail
    /// with 502, the outcome unknown) — stays inside. Authorization, User-Agent and Wechatpay-Serial are the gateway's own; Host is the destination's.
    /// </summary>
    private static readonly string[] CallerHeaders = ["Accept", "Accept-Language"];

    /// <summary>
    /// W3C trace context, passed on so the trace continues when the gateway itself records no span. When it does,
    /// the forwarder's HttpClient replaces these with the gateway's own span (YARP's propagator removes them first).
    /// </summary>
    private static readonly string[] TraceHeaders = ["traceparent", "tracestate"];

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exchange = context.HttpContext.Features.Get<WeChatPayExchange>()
                       ?? throw new InvalidOperationException("The WeChat Pay request transform ran without a WeChatPayExchange feature; the gateway's request preparation did not run.");

        var request = context.ProxyRequest;
        var caller = context.HttpContext.Request;
        request.Headers.Clear(); // whatever another transform of the route added is not on the allow-list either
        foreach (var name in (ReadOnlySpan<string>)[.. CallerHeaders, .. TraceHeaders])
        {
            if (caller.Headers.TryGetValue(name, out var values) && values.Count > 0)
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (request.Content is { } content)
        {
            // The body the gateway buffered (request preparation fixed its length) and its media type, boundary included.
            content.Headers.Clear();
            if (caller.ContentType is { Length: > 0 } contentType)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            if (caller.ContentLength is { } length)
            {
                content.Headers.ContentLength = length;
            }
        }

        if (request.Headers.Accept.Count == 0)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (exchange.AdvertisedSerial is { } serial)
        {
            request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Serial, serial);
        }

        request.RequestUri = RequestUtilities.MakeDestinationAddress(context.DestinationPrefix, context.Path, context.Query.QueryString);
        request.Options.Set(WeChatPayExchange.RequestOptionsKey, exchange);
        return ValueTask.CompletedTask;
    }
}
