using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Configuration.ConfigTestSupport;

namespace EdgeGateway.IntegrationTests.Callers;

/// <summary>A client-certificate pin added and changed in appsettings.json under a running TLS listener, without a restart.</summary>
public sealed class CallerPinReloadTests : IDisposable
{
    private const string Key = "test-only-pin-reload-key";
    private readonly X509Certificate2 _first = MutualTlsCallerTests.SelfSigned("CN=edgegateway-test-client-2026-11");
    private readonly X509Certificate2 _second = MutualTlsCallerTests.SelfSigned("CN=edgegateway-test-client-2026-12");
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-pin-").FullName;

    [Fact]
    public async Task EditPin_AddedThenChanged_AppliesWithoutRestart_EvenWithNoPinAtStart()
    {
        using var root = new TestContentRoot();
        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["pinned"] = new JsonObject
        {
            ["ApiKeySha256"] = GatewayTestHost.HashApiKey(Key),
            ["Routes"] = new JsonArray("*"),
            ["MchIds"] = new JsonArray("*"),
        });
        using var server = MutualTlsCallerTests.SelfSigned("CN=127.0.0.1", serverName: "127.0.0.1");
        var pfx = Path.Combine(_directory, "server.pfx");
        await File.WriteAllBytesAsync(pfx, server.Export(X509ContentType.Pfx, "test-only"));
        var https = new Uri($"https://127.0.0.1:{GatewayTestHost.FreePort()}");
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Public:Url"] = https.ToString(),
            ["Kestrel:Endpoints:Public:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Public:Certificate:Password"] = "test-only",
        }, contentRoot: root.Path);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(https, null)); // not pinned yet: the key alone is enough

        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["pinned"]!["ClientCertificateThumbprint"] = _first.GetCertHashString(HashAlgorithmName.SHA256));
        Assert.True(await EventuallyAsync(async () => await SendAsync(https, null) == HttpStatusCode.Unauthorized), "the added pin did not apply");
        Assert.Equal(HttpStatusCode.OK, await SendAsync(https, _first));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(https, _second));

        root.EditAppSettings(s => s["EdgeGateway"]!["Callers"]!["pinned"]!["ClientCertificateThumbprint"] = _second.GetCertHashString(HashAlgorithmName.SHA256));
        Assert.True(await EventuallyAsync(async () => await SendAsync(https, _first) == HttpStatusCode.Unauthorized), "the changed pin did not apply");
        Assert.Equal(HttpStatusCode.OK, await SendAsync(https, _second));
    }

    private static async Task<HttpStatusCode> SendAsync(Uri https, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        // Test-only: the server certificate is generated above, so trust it by identity rather than by chain.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        using var client = new HttpClient(handler) { BaseAddress = https, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/certificates");
        request.Headers.Add("X-Api-Key", Key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
