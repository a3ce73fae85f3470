using System.Net.Http.Headers;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Signs the outgoing request (PROTOCOL.md §1). It runs after every other request transform
/// (<see cref="WeChatPayTransformOrdering"/> moves it last) and fixes <c>RequestUri</c> itself, because
/// YARP only builds it after the transforms: so what is signed is exactly the path and query written on
/// the wire, and the body bytes the gateway buffered and forwards.
/// </summary>
public sealed class WeChatPaySigningTransform(RequestSigner signer, string userAgent) : RequestTransform
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
                       ?? throw new InvalidOperationException("The WeChat Pay signing transform ran without a WeChatPayExchange feature; the gateway's request preparation did not run.");

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
        Sign(request, exchange, signer);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Signs (or re-signs, for a retry) <paramref name="request"/> as addressed now, with a fresh timestamp
    /// and nonce, replacing any Authorization it had.
    /// </summary>
    public static void Sign(HttpRequestMessage request, WeChatPayExchange exchange, RequestSigner signer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(signer);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no RequestUri to sign.");
        // The span names the merchant and its certificate serial, never the signature or the nonce.
        using var span = WeChatPayTelemetry.ActivitySource.StartActivity(WeChatPayTelemetry.SignSpan);
        span?.SetTag(WeChatPayTelemetry.MchIdTag, exchange.Merchant.MchId);
        span?.SetTag(WeChatPayTelemetry.MerchantSerialTag, exchange.Merchant.CertificateSerial);
        var authorization = signer.Sign(exchange.Merchant, request.Method.Method, uri.PathAndQuery, exchange.SignedBody.Span);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization.Format());
        exchange.Authorization = authorization;
    }
}
