using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Hardening;

/// <summary>HTTPS from a certificate file: TLS 1.2+ only, and a renewed file is served without a restart.</summary>
public sealed class InboundTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-tls-").FullName;
    private GatewayTestHost _host = null!;
    private Uri _https = null!;

    public async Task InitializeAsync()
    {
        WritePem("first");
        var port = GatewayTestHost.FreePort();
        _https = new Uri($"https://127.0.0.1:{port}");
        _host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Tls:Url"] = _https.ToString(),
            ["EdgeGateway:Tls:CertificateFile"] = Path.Combine(_directory, "server.pem"),
            ["EdgeGateway:Tls:KeyFile"] = Path.Combine(_directory, "server.key"),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Tls12_ServesTheCertificateFromTheFile()
    {
        var (status, certificate) = await GetAsync(SslProtocols.Tls12);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("CN=edgegateway-test-first", certificate.Subject);
    }

    [Fact]
    public async Task Tls11_IsRefused()
    {
#pragma warning disable SYSLIB0039 // TLS 1.1 on purpose: the server must refuse it.
        var attempt = () => GetAsync(SslProtocols.Tls11);
#pragma warning restore SYSLIB0039
        await Assert.ThrowsAnyAsync<Exception>(attempt);
    }

    [Fact]
    public async Task RenewedCertificateFile_IsServedWithoutRestart()
    {
        WritePem("renewed");

        X509Certificate2? served = null;
        for (var i = 0; i < 60 && served?.Subject != "CN=edgegateway-test-renewed"; i++)
        {
            await Task.Delay(500);
            (_, served) = await GetAsync(SslProtocols.Tls12 | SslProtocols.Tls13);
        }

        Assert.Equal("CN=edgegateway-test-renewed", served?.Subject);
    }

    private async Task<(HttpStatusCode Status, X509Certificate2 Certificate)> GetAsync(SslProtocols protocols)
    {
        X509Certificate2? seen = null;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seen = new X509Certificate2(certificate!);
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = _https, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", GatewayTestHost.DefaultApiKey);
        using var response = await client.GetAsync("/v3/certificates");
        return (response.StatusCode, seen!);
    }

    private void WritePem(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=edgegateway-test-{name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Key first, certificate last: the watcher reloads when the certificate lands, and the pair is then complete.
        File.WriteAllText(Path.Combine(_directory, "server.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_directory, "server.pem"), certificate.ExportCertificatePem());
    }
}
