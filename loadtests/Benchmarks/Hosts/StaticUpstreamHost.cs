using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Benchmarks.Hosts;

/// <summary>
/// A WeChat Pay stand-in that costs almost nothing: every request gets the same prepay answer, signed with the
/// platform key once and again every 30 s (answers are fresh for less than 300 s, PROTOCOL.md §11.2), so the upstream's
/// own signing does not compete for the cores with the proxy being measured. It checks nothing; it is for cost runs only.
/// <c>EdgeGateway.LoadTests static-upstream --urls … --keys DIR</c>
/// </summary>
public static class StaticUpstreamHost
{
    private static readonly byte[] Body = "{\"prepay_id\":\"wx201410272009395522657a690389285100\"}"u8.ToArray();

    public static async Task<int> RunAsync(StaticUpstreamOptions options)
    {
        var (urls, keysDirectory) = (options.Urls, options.KeysDirectory);
        var keys = SandboxKeyMaterial.LoadOrCreate(keysDirectory);
        using var platformKey = PemKeys.LoadPrivateKeyFile(keys.PlatformPrivateKeyPath);
        using var certificate = PemKeys.LoadCertificateFile(keys.PlatformCertificatePath);
        var serial = certificate.SerialNumber.ToUpperInvariant();
        var signed = new SignedAnswer(Sign(platformKey, serial));
        using var resign = new Timer(_ => Volatile.Write(ref signed, new SignedAnswer(Sign(platformKey, serial))), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear(); // no appsettings.json of wherever it was started from may move its endpoint
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            var headers = Volatile.Read(ref signed).Headers;
            var response = context.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.Headers[WeChatPayHeaders.RequestId] = "08F78BB5AF0610D302D9A5C3F77ACE2C";
            response.Headers[WeChatPayHeaders.Timestamp] = headers.Timestamp;
            response.Headers[WeChatPayHeaders.Nonce] = headers.Nonce;
            response.Headers[WeChatPayHeaders.Signature] = headers.Signature;
            response.Headers[WeChatPayHeaders.Serial] = headers.Serial;
            response.Headers[WeChatPayHeaders.SignatureType] = headers.SignatureType;
            response.ContentLength = Body.Length;
            await response.Body.WriteAsync(Body, context.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }

    private sealed record SignedAnswer(SignedMessageHeaders Headers);

    private static SignedMessageHeaders Sign(System.Security.Cryptography.RSA platformKey, string serial) =>
        new ResponseSigner(TimeProvider.System, RandomNonceSource.Instance).Sign(platformKey, serial, Body);
}

/// <summary>What <c>static-upstream</c> listens on, and the sandbox keys directory whose platform key signs its answer.</summary>
public sealed record StaticUpstreamOptions(string Urls, string KeysDirectory);
