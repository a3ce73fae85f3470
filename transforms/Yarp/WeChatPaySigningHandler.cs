using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The one place a forwarded request is signed (docs/PROTOCOL.md §1): the innermost handler of the WeChat Pay client,
/// just above the socket, so every attempt that leaves — the first, each query retry, a failover to the other
/// destination — is signed as addressed at that moment, with a fresh timestamp and nonce, replacing any Authorization
/// it had. A request that carries no <see cref="WeChatPayExchange"/> (not prepared by the gateway) is sent as it is.
/// </summary>
public sealed class WeChatPaySigningHandler(RequestSigner signer) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(WeChatPayExchange.RequestOptionsKey, out var exchange))
        {
            Sign(request, exchange);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private void Sign(HttpRequestMessage request, WeChatPayExchange exchange)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no RequestUri to sign.");
        // The span names the merchant and its certificate serial, never the signature or the nonce.
        using var span = WeChatPayTelemetry.ActivitySource.StartActivity(WeChatPayTelemetry.SignSpan);
        span?.SetTag(WeChatPayTelemetry.MchIdTag, exchange.Merchant.MchId);
        span?.SetTag(WeChatPayTelemetry.MerchantSerialTag, exchange.Merchant.CertificateSerial);
        var authorization = signer.Sign(exchange.Merchant, request.Method.Method, uri.PathAndQuery, exchange.SignedBody.Span);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization.Format());
    }
}
