using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EdgeGateway.LoadTests.Benchmarks.Hosts;

/// <summary>
/// What <c>bare-proxy --sign DIR</c> adds to bare YARP: it signs every request with the sandbox merchant key and verifies
/// every answer with the sandbox platform certificate, with the same signer and verifier as the gateway, and does
/// nothing else (no callers, limits, quotas, guard, breaker, failover, tracing or request log). Its CPU per request is
/// the floor made real: what any gateway that signs and verifies must spend in this harness.
/// </summary>
public sealed class SigningProxyTransforms : IDisposable
{
    /// <summary>Bodies above this are refused, as the gateway refuses them (its default body limit).</summary>
    private const long BodyLimit = 1024 * 1024;

    private readonly MerchantCredentials _merchant;
    private readonly VerificationKeySet _platform;
    private readonly ResponseVerifier _verifier = new(TimeProvider.System);

    public SigningProxyTransforms(string keysDirectory)
    {
        var keys = SandboxKeyMaterial.LoadOrCreate(keysDirectory);
        _merchant = new MerchantCredentials(keys.MchId, keys.MerchantCertificateSerial, PemKeys.LoadPrivateKeyFile(keys.MerchantPrivateKeyPath));
        _platform = new VerificationKeySet([VerificationKey.FromCertificate(PemKeys.LoadCertificateFile(keys.PlatformCertificatePath))]);
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestTransform(SignAsync);
        context.AddResponseTransform(VerifyAsync);
    }

    private async ValueTask SignAsync(RequestTransformContext transform)
    {
        var request = transform.HttpContext.Request;
        var body = await BoundedBody.ReadAsync(request.Body, request.ContentLength, BodyLimit, transform.HttpContext.RequestAborted);
        if (body is null)
        {
            transform.HttpContext.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var pathAndQuery = request.Path.Value + request.QueryString.Value;
        var authorization = RequestSigner.Default.Sign(_merchant, request.Method, pathAndQuery, body).Format();
        transform.ProxyRequest.Headers.Remove("Authorization");
        transform.ProxyRequest.Headers.TryAddWithoutValidation("Authorization", authorization);
        // The outgoing content cannot be replaced in a transform: BufferedBodyHandler sends these bytes instead of YARP's
        // copy of the (already read) request body, with the headers in one write as the gateway does.
        transform.ProxyRequest.Options.Set(SignedBodyKey, body);
    }

    private static readonly HttpRequestOptionsKey<byte[]> SignedBodyKey = new("EdgeGateway.LoadTests.SignedBody");

    /// <summary>YARP's client factory with <see cref="BufferedBodyHandler"/> in front of the socket handler.</summary>
    public sealed class ClientFactory : ForwarderHttpClientFactory
    {
        protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
            new BufferedBodyHandler { InnerHandler = base.WrapHandler(context, handler) };
    }

    /// <summary>Sends the signed bytes instead of YARP's streaming copy of them: headers and body leave in one write.</summary>
    private sealed class BufferedBodyHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content && request.Options.TryGetValue(SignedBodyKey, out var body))
            {
                request.Content = BufferedContent.Of(body, content);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private async ValueTask VerifyAsync(ResponseTransformContext transform)
    {
        if (transform.ProxyResponse is not { } answer)
        {
            return;
        }

        var context = transform.HttpContext;
        var body = await BoundedBody.ReadAsync(answer.Content, BodyLimit, context.RequestAborted);
        var headers = SignedMessageHeaders.From(name => answer.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
        transform.SuppressResponseBody = true;
        if (body is null || !_verifier.Verify(headers, body, _platform).IsValid)
        {
            context.Response.Headers.Clear();
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public void Dispose() => _merchant.PrivateKey.Dispose();
}
