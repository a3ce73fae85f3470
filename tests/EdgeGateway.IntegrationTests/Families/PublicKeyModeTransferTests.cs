using System.Net;
using System.Security.Cryptography;
using EdgeGateway.IntegrationTests.Certificates;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Api;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Families;

/// <summary>
/// A merchant in WeChat Pay public-key mode (no platform certificate exists): sensitive fields are encrypted under the
/// WeChat Pay public key, and Wechatpay-Serial is its PUB_KEY_ID_… (PROTOCOL.md §3.5, §5).
/// </summary>
public sealed class PublicKeyModeTransferTests
{
    [Fact]
    public async Task Create_PublicKeyMode_EncryptsUnderThePublicKeyAndSendsItsId()
    {
        await using var host = await GatewayTestHost.StartAsync(CertificateSettings.PublicKey(), configureSimulator: options => options.PlatformCertificates.Clear());
        var outBillNo = Payloads.NewOutTradeNo("TK");

        using var response = await host.Client.PostAsync("/v3/fund-app/mch-transfer/transfer-bills", Payloads.Json(FamilyPayloads.Transfer(outBillNo, "欧阳娜娜")));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(TestKeys.Material.PublicKeyId, host.Simulator.Requests.Single(r => r.Target == "/v3/fund-app/mch-transfer/transfer-bills").WechatpaySerial);
        var record = host.Simulator.Records.Find(TransfersApi.Kind, host.Keys.MchId, outBillNo)!;
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(TestKeys.Material.PublicKeyPrivatePath));
        Assert.True(OaepEncryptor.TryDecrypt(key, (string)record.Request["user_name"]!, out var plaintext));
        Assert.Equal("欧阳娜娜", plaintext);
    }
}
