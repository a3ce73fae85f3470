using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;

namespace EdgeGateway.IntegrationTests.Pkcs11;

/// <summary>
/// Two merchants: 1900000001 with its key in a PEM file, 1900000002 with the same key pair in the SoftHSM2 token
/// <see cref="SoftHsm.RemovableToken"/>, whose directory the test takes away while the gateway runs.
/// </summary>
public sealed class TokenRemovalTests
{
    private const string TokenMchId = "1900000002";

    [Fact]
    public async Task Prepay_TokenRemovedWhileRunning_ThatMerchantAnswers503OthersUnaffectedReadinessDegraded()
    {
        var keys = TestKeys.Material;
        var settings = Pkcs11TestKeys.Settings(TokenMchId, SoftHsm.RemovableToken);
        settings[$"EdgeGateway:Merchants:{TokenMchId}:CertificateSerial"] = keys.MerchantCertificateSerial;
        settings[$"EdgeGateway:Merchants:{TokenMchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath;
        settings[$"EdgeGateway:Merchants:{TokenMchId}:PlatformCertificateFiles:0"] = keys.PlatformCertificatePath;
        await using var host = await GatewayTestHost.StartAsync(settings, configureSimulator: options =>
        {
            var certificate = PemKeys.LoadCertificateFile(keys.MerchantCertificatePath);
            options.Merchants.Add(new SimulatedMerchant(TokenMchId, keys.MerchantCertificateSerial, certificate.GetRSAPublicKey()!, keys.ApiV3Key));
        });
        using (var before = await Prepay(host, TokenMchId))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var token = SoftHsm.TokenDirectory(SoftHsm.RemovableToken);
        Directory.Move(token, token + ".removed");
        try
        {
            using var during = await Prepay(host, TokenMchId);
            var error = JsonNode.Parse(await during.Content.ReadAsStringAsync())!;
            Assert.True(during.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)during.StatusCode}: {error}");
            Assert.Equal(GatewayErrorCodes.MerchantKeyUnavailable, (string?)error["code"]);
            Assert.Equal($"Merchant {TokenMchId}: its private key (in a PKCS#11 token) cannot be used now; nothing was sent to WeChat Pay. Retry later.",
                (string?)error["message"]);
            using (var other = await Prepay(host, keys.MchId))
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            }

            // Another token of the same library can still be found and used (SoftHSM2 errors on the removed one's info).
            using (var otherToken = Pkcs11TestKeys.Load("merchant", SoftHsm.ResetToken))
            {
                Assert.NotEmpty(Rsa2048Signature.Sign(otherToken, "x"u8));
            }

            using var ready = await host.ManagementClient.GetAsync("/health/ready");
            var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", (string?)report["checks"]!["merchant-keys"]!["status"]);
            Assert.Equal(TokenMchId, (string?)report["checks"]!["merchant-keys"]!["data"]!["unavailable"]![0]);
        }
        finally
        {
            // SoftHSM2 does not take a token back once it saw it go (only a new C_Initialize would), so this
            // test does not wait for the merchant to recover; SessionsLostTests shows the reconnect.
            Directory.Move(token + ".removed", token);
        }
    }

    private static Task<HttpResponseMessage> Prepay(GatewayTestHost host, string mchId) =>
        host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(mchId, Payloads.NewOutTradeNo())));
}
