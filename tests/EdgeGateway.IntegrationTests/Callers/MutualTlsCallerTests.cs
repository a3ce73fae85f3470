using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Callers;

/// <summary>A caller pinned to a client certificate needs its key and that certificate, over a real TLS listener.</summary>
public sealed class MutualTlsCallerTests : IAsyncLifetime
{
    private const string Key = "test-only-mtls-caller-key";
    private readonly X509Certificate2 _pinned = SelfSigned("CN=edgegateway-test-client");
    private readonly X509Certificate2 _other = SelfSigned("CN=edgegateway-test-stranger");
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-mtls-").FullName;
    private GatewayTestHost _host = null!;
    private Uri _https = null!;

    public async Task InitializeAsync()
    {
        using var server = SelfSigned("CN=127.0.0.1", serverName: "127.0.0.1");
        var pfx = Path.Combine(_directory, "server.pfx");
        await File.WriteAllBytesAsync(pfx, server.Export(X509ContentType.Pfx, "test-only"));
        var port = GatewayTestHost.FreePort();
        _https = new Uri($"https://127.0.0.1:{port}");
        _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Public:Url"] = _https.ToString(),
            ["Kestrel:Endpoints:Public:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Public:Certificate:Password"] = "test-only",
            ["EdgeGateway:Callers:pinned:ApiKeySha256"] = GatewayTestHost.HashApiKey(Key),
            ["EdgeGateway:Callers:pinned:Routes:0"] = "*",
            ["EdgeGateway:Callers:pinned:MchIds:0"] = "*",
            ["EdgeGateway:Callers:pinned:ClientCertificateThumbprint"] = _pinned.GetCertHashString(HashAlgorithmName.SHA256),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _pinned.Dispose();
        _other.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task KeyAndPinnedCertificate_IsServed()
    {
        using var response = await Send(_pinned, Key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
        Assert.Single(_host.Simulator.Requests);
    }

    [Fact]
    public async Task KeyWithoutCertificate_OrWithAnotherOne_Returns401()
    {
        using var none = await Send(null, Key);
        using var other = await Send(_other, Key);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Contains("client certificate", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task PinnedCertificate_WithoutTheKey_Returns401()
    {
        using var response = await Send(_pinned, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> Send(X509Certificate2? certificate, string? apiKey)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        // Test-only: the server certificate is generated above, so trust it by identity rather than by chain.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        using var client = new HttpClient(handler) { BaseAddress = _https, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/NOSUCHORDER9?mchid={_host.Keys.MchId}");
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await client.SendAsync(request);
    }

    internal static X509Certificate2 SelfSigned(string subject, string? serverName = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (serverName is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx, "test-only"), "test-only");
    }
}
