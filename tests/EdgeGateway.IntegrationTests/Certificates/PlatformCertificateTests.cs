using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Merchants;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.IntegrationTests.Certificates;

/// <summary>The platform certificate lifecycle against the simulator: download, rotation, public-key and mixed mode, readiness.</summary>
public sealed class PlatformCertificateTests
{
    private static string MchId => TestKeys.Material.MchId;

    [Fact]
    public async Task Start_NoPlatformCertificateConfigured_DownloadsItAndVerifiesAnswers()
    {
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.DownloadOnly());

        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var download = Assert.Single(host.Simulator.Requests, r => r.Target == "/v3/certificates");
        Assert.True(download.SignatureAccepted); // signed with the gateway's own merchant key
        Assert.Equal(host.Simulator.KeyRing.Current!.Serial, Merchant(host).VerificationKeys.Keys.Single().Serial);
        var health = await Health(host);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Rotation_AnswersSignedWithNewSerial_VerifiedWithoutRestartAfterOneDownload()
    {
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.DownloadOnly());
        (await Prepay(host)).EnsureSuccessStatusCode();
        var downloadsBefore = host.Simulator.CountRequests("GET", "/v3/certificates");

        var rotated = host.Simulator.RotateCertificate();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Prepay(host)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(downloadsBefore + 1, host.Simulator.CountRequests("GET", "/v3/certificates")); // single flight
        Assert.True(Merchant(host).VerificationKeys.TryGetKey(rotated.Serial, out _));
        Assert.Equal(2, Merchant(host).VerificationKeys.Count); // the old certificate stays listed during the overlap
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ConfiguredCertificate_RotationSeenInAnswer_DownloadsOnceThenVerifies()
    {
        await using var host = await GatewayTestHost.StartAsync();
        Assert.Equal(0, host.Simulator.CountRequests("GET", "/v3/certificates")); // configured keys: no download until needed

        host.Simulator.RotateCertificate();
        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Simulator.CountRequests("GET", "/v3/certificates"));
    }

    [Fact]
    public async Task PublicKeyMode_NoPlatformCertificateExists_VerifiesWithThePublicKey()
    {
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.PublicKey(),
            configureSimulator: options => options.PlatformCertificates.Clear());

        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prepay = host.Simulator.Requests.Single(r => r.Target == "/v3/pay/transactions/jsapi");
        Assert.Equal(TestKeys.Material.PublicKeyId, prepay.WechatpaySerial); // the gateway advertises the key it can verify
        Assert.Equal(HealthStatus.Healthy, (await Health(host)).Status);
    }

    [Fact]
    public async Task MixedMode_AnswersSignedWithCertificateOrPublicKey_BothVerify()
    {
        SimulatorOptions? simulatorOptions = null;
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.PublicKey(), configureSimulator: o => simulatorOptions = o);

        simulatorOptions!.SigningMode = AnswerSigningMode.Certificate;
        using var byCertificate = await Prepay(host);
        simulatorOptions.SigningMode = AnswerSigningMode.PublicKey;
        using var byPublicKey = await Prepay(host);
        simulatorOptions.SigningMode = AnswerSigningMode.Certificate;
        using var byCertificateAgain = await Prepay(host);

        Assert.Equal(HttpStatusCode.OK, byCertificate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byPublicKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCertificateAgain.StatusCode);
        Assert.Equal(1, host.Simulator.CountRequests("GET", "/v3/certificates")); // downloaded when the first certificate-signed answer came
        var keys = Merchant(host).VerificationKeys;
        Assert.True(keys.TryGetKey(TestKeys.Material.PublicKeyId, out _));
        Assert.True(keys.TryGetKey(host.Simulator.KeyRing.Current!.Serial, out _));
    }

    [Fact]
    public async Task UnknownSerialFlood_DownloadsAtMostOncePerInterval()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.UnknownSerial, PathPrefix = "/v3/pay/" };

        for (var i = 0; i < 10; i++)
        {
            using var response = await Prepay(host);
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal("UnknownSerial", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!["reason"]);
        }

        Assert.Equal(1, host.Simulator.CountRequests("GET", "/v3/certificates"));
    }

    [Theory]
    [InlineData(SignatureFault.Tamper)]
    [InlineData(SignatureFault.WrongKey)]
    [InlineData(SignatureFault.Omit)]
    public async Task Download_AnswerSignatureSpoiled_IsNotTrustedAndReadinessIsUnhealthy(SignatureFault fault)
    {
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.DownloadOnly(),
            configureSimulator: o => o.Faults = new FaultSettings { SignatureFault = fault, PathPrefix = "/v3/certificates" });

        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(Merchant(host).VerificationKeys.Keys);
        var health = await Health(host);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains($"merchant {MchId} has no usable platform certificate or WeChat Pay public key", health.Description, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1402 && e.Message.Contains("signature does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_EncryptedUnderAnotherApiV3Key_IsNotTrusted()
    {
        var stranger = TestKeys.Create("stranger-apiv3", MchId);
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.DownloadOnly(), configureSimulator: options =>
        {
            var merchant = options.Merchants.Single();
            options.Merchants[0] = merchant with { ApiV3Key = stranger.ApiV3Key };
        });

        using var response = await Prepay(host);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(Merchant(host).VerificationKeys.Keys);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1402 && e.Message.Contains("the certificate does not decrypt: the authentication tag does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_NewestCertificateExpiresSoon_IsDegraded()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.DownloadOnly(), configureSimulator: options =>
        {
            options.PlatformCertificates.Clear();
            options.PlatformCertificates.Add(PlatformCertificate.Create("short-lived", now.AddDays(-1), now.AddDays(2)));
        });
        (await Prepay(host)).EnsureSuccessStatusCode();

        var health = await Health(host);

        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("its newest platform certificate expires at", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_WeChatPayAndRedisUnreachable_VerifiesWithTheSetKeptOnDisk()
    {
        var cache = Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "disk-cache-" + Guid.NewGuid().ToString("N"));
        var settings = CertificateSettings.DownloadOnly(("EdgeGateway:Certificates:CacheDirectory", cache));
        await using (var first = await GatewayTestHost.StartAsync(settings))
        {
            (await Prepay(first)).EnsureSuccessStatusCode();
        }

        await using var second = await GatewayTestHost.StartAsync(settings,
            configureSimulator: o => o.Faults = new FaultSettings { ServerErrorRate = 1, PathPrefix = "/v3/certificates" });
        using var response = await Prepay(second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(second.Logs.Entries, e => e.EventId.Id == 1401 && e.Message.Contains("from Disk", StringComparison.Ordinal));
    }

    internal static Task<HttpResponseMessage> Prepay(GatewayTestHost host) =>
        host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, Payloads.NewOutTradeNo())));

    internal static Merchant Merchant(GatewayTestHost host) => host.Service<MerchantRegistry>().All.Single();

    internal static async Task<HealthReportEntry> Health(GatewayTestHost host) =>
        (await host.Service<HealthCheckService>().CheckHealthAsync(c => c.Name == "certificates")).Entries["certificates"];
}
