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
    /// <summary>Headers a caller must never be able to send to WeChat Pay.</summary>
    private static readonly string[] StrippedHeaders =
        ["Authorization", "X-Api-Key", "Cookie", "Accept-Encoding", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Real-IP"];

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exchange = context.HttpContext.Features.Get<WeChatPayExchange>()
                       ?? throw new InvalidOperationException("The WeChat Pay signing transform ran without a WeChatPayExchange feature; the gateway's request preparation did not run.");

        var request = context.ProxyRequest;
        foreach (var name in StrippedHeaders)
        {
            request.Headers.Remove(name);
        }

        foreach (var name in request.Headers.Select(h => h.Key).Where(IsWeChatPayHeader).ToList())
        {
            request.Headers.Remove(name);
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

    private static bool IsWeChatPayHeader(string name) => name.StartsWith(WeChatPayHeaders.Prefix, StringComparison.OrdinalIgnoreCase);
}
