using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>
/// deploy/examples/https-mtls/appsettings.Production.json, started for real: the public listener on HTTPS from PEM
/// files, a caller pinned to its client certificate. Only the port, the file paths and the placeholders are replaced.
/// </summary>
public sealed class HttpsExampleTests : IAsyncLifetime
{
    private const string ApiKey = "test-only-orders-service-key";
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-https-example-").FullName;
    private readonly X509Certificate2 _client = Certificate("CN=orders-service", out _);
    private GatewayTestHost _host = null!;
    private Uri _https = null!;

    public async Task InitializeAsync()
    {
        using var server = Certificate("CN=127.0.0.1", out var serverKey, loopback: true);
        var example = Flatten(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Manifests.RepositoryRoot, "deploy", "examples", "https-mtls", "appsettings.Production.json")))!);
        Assert.StartsWith("https://", example["Kestrel:Endpoints:Public:Url"], StringComparison.Ordinal);
        Assert.True(example.ContainsKey("EdgeGateway:Callers:orders-service:ClientCertificateThumbprint"), "the example pins a caller to a client certificate");

        _https = new Uri($"https://127.0.0.1:{GatewayTestHost.FreePort()}");
        var settings = example.Where(e => !e.Key.StartsWith("Kestrel:Endpoints:Management", StringComparison.Ordinal)) // the test host's own
            .ToDictionary(e => e.Key, e => (string?)e.Value);
        settings["Kestrel:Endpoints:Public:Url"] = _https.ToString();
        settings["Kestrel:Endpoints:Public:Certificate:Path"] = await WriteAsync("tls.crt", server.ExportCertificatePem());
        settings["Kestrel:Endpoints:Public:Certificate:KeyPath"] = await WriteAsync("tls.key", serverKey);
        settings["EdgeGateway:Callers:orders-service:ApiKeySha256"] = GatewayTestHost.HashApiKey(ApiKey);
        settings["EdgeGateway:Callers:orders-service:ClientCertificateThumbprint"] = _client.GetCertHashString(HashAlgorithmName.SHA256);
        _host = await GatewayTestHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Example_PinnedCallerWithItsCertificate_IsServedOverTls()
    {
        using var response = await SendAsync(_client);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // WeChat Pay's ORDER_NOT_EXIST, passed through
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
        Assert.Single(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Example_PinnedCallerWithoutItsCertificate_Returns401()
    {
        using var response = await SendAsync(certificate: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_host.Simulator.Requests);
    }

    private async Task<HttpResponseMessage> SendAsync(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true; // test-only: the server certificate is made above
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        using var client = new HttpClient(handler) { BaseAddress = _https, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/NOSUCHORDER7?mchid={_host.Keys.MchId}");
        request.Headers.Add("X-Api-Key", ApiKey);
        return await client.SendAsync(request);
    }

    private async Task<string> WriteAsync(string name, string pem)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, pem);
        return path;
    }

    private static Dictionary<string, string> Flatten(JsonNode node, string prefix = "")
    {
        var flat = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var entry in Flatten(child!, prefix.Length == 0 ? key : $"{prefix}:{key}"))
                    {
                        flat[entry.Key] = entry.Value;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var entry in Flatten(array[i]!, $"{prefix}:{i}"))
                    {
                        flat[entry.Key] = entry.Value;
                    }
                }

                break;
            default:
                flat[prefix] = node.ToString();
                break;
        }

        return flat;
    }

    private static X509Certificate2 Certificate(string subject, out string privateKeyPem, bool loopback = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (loopback)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        privateKeyPem = key.ExportPkcs8PrivateKeyPem();
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx, "test-only"), "test-only");
    }
}
