using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Api;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Families;

/// <summary>
/// Merchant transfers through the shipped routes: the caller sends user_name in plaintext and WeChat Pay (the simulator,
/// which decrypts it with the platform private key named by Wechatpay-Serial, or answers PARAM_ERROR) receives an
/// RSA-OAEP ciphertext; a caller that encrypted itself passes only under a serial the gateway trusts.
/// </summary>
public sealed class TransferTests : IAsyncLifetime
{
    private const string Create = "/v3/fund-app/mch-transfer/transfer-bills";
    private const string UserName = "张三丰";
    private GatewayTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string PlatformSerial => PemKeys.LoadCertificateFile(_host.Keys.PlatformCertificatePath).SerialNumber.ToUpperInvariant();

    private RSA PlatformPrivateKey()
    {
        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(_host.Keys.PlatformPrivateKeyPath));
        return key;
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Fact]
    public async Task Create_PlaintextUserName_ReachesWeChatPayAsOaepCiphertextUnderTheSerialSent()
    {
        var outBillNo = Payloads.NewOutTradeNo("TB");

        using var response = await _host.Client.PostAsync(Create, Payloads.Json(FamilyPayloads.Transfer(outBillNo, UserName)));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("WAIT_USER_CONFIRM", (string?)(await JsonAsync(response))["state"]);
        var sent = Assert.Single(_host.Simulator.Requests, r => r.Target == Create);
        Assert.Equal(PlatformSerial, sent.WechatpaySerial);
        var record = _host.Simulator.Records.Find(TransfersApi.Kind, _host.Keys.MchId, outBillNo)!;
        var ciphertext = (string)record.Request["user_name"]!;
        Assert.NotEqual(UserName, ciphertext);
        using var key = PlatformPrivateKey();
        Assert.True(OaepEncryptor.TryDecrypt(key, ciphertext, out var decrypted));
        Assert.Equal(UserName, decrypted);
        Assert.Equal(UserName, record.Plaintext["user_name"]);
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Message.Contains(UserName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_CallerEncryptedUnderATrustedSerial_PassesThroughUnchanged()
    {
        var outBillNo = Payloads.NewOutTradeNo("TE");
        var body = FamilyPayloads.Transfer(outBillNo, UserName);
        using (var certificate = PemKeys.LoadCertificateFile(_host.Keys.PlatformCertificatePath))
        {
            body["user_name"] = OaepEncryptor.Encrypt(certificate.GetRSAPublicKey()!, UserName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Create) { Content = Payloads.Json(body) };
        request.Headers.Add("Wechatpay-Serial", PlatformSerial.ToLowerInvariant());

        using var response = await _host.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var record = _host.Simulator.Records.Find(TransfersApi.Kind, _host.Keys.MchId, outBillNo)!;
        Assert.Equal((string)body["user_name"]!, (string)record.Request["user_name"]!);
        Assert.Equal(UserName, record.Plaintext["user_name"]);
    }

    [Fact]
    public async Task Create_CallerSerialTheGatewayDoesNotTrust_IsRefusedAndNothingIsSent()
    {
        _host.Simulator.ClearRequests();
        using var request = new HttpRequestMessage(HttpMethod.Post, Create) { Content = Payloads.Json(FamilyPayloads.Transfer(Payloads.NewOutTradeNo("TU"), "c2VjcmV0")) };
        request.Headers.Add("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal("INVALID_REQUEST", (string?)error["code"]);
        Assert.Equal("untrusted_serial", (string?)error["detail"]!["reason"]);
        Assert.Equal($"Wechatpay-Serial names a key this gateway does not hold for merchant {_host.Keys.MchId}, so WeChat Pay's answer to it cannot be trusted. "
                     + $"Send the sensitive fields in plaintext without Wechatpay-Serial (the gateway encrypts them), or encrypt them under one of: {PlatformSerial}.",
            (string?)error["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }

    [Fact]
    public async Task Create_UserNameNotAString_IsRefusedNamingTheFieldOnly()
    {
        var body = FamilyPayloads.Transfer(Payloads.NewOutTradeNo("TN"), UserName);
        body["user_name"] = new JsonObject { ["given"] = UserName };

        using var response = await _host.Client.PostAsync(Create, Payloads.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("user_name is a sensitive field and must be a JSON string (the gateway encrypts it).", (string?)JsonNode.Parse(text)!["message"]);
        Assert.DoesNotContain(UserName, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelAndQuery_ByOutBillNo_AreSignedAndVerified()
    {
        var outBillNo = Payloads.NewOutTradeNo("TC");
        (await _host.Client.PostAsync(Create, Payloads.Json(FamilyPayloads.Transfer(outBillNo, UserName)))).EnsureSuccessStatusCode();

        using var cancel = await _host.Client.PostAsync($"{Create}/out-bill-no/{outBillNo}/cancel", new ByteArrayContent([]));
        using var query = await _host.Client.GetAsync($"{Create}/out-bill-no/{outBillNo}");

        Assert.True(cancel.StatusCode == HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        Assert.Equal("CANCELING", (string?)(await JsonAsync(cancel))["state"]);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal("CANCELING", (string?)(await JsonAsync(query))["state"]);
        Assert.True(query.Headers.Contains("Wechatpay-Signature"));
    }

    [Fact]
    public async Task Create_OutBillNoOutsideItsForm_IsRefusedBeforeWeChatPay()
    {
        _host.Simulator.ClearRequests();

        using var response = await _host.Client.PostAsync(Create, Payloads.Json(FamilyPayloads.Transfer("TB_1-2", UserName)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("out_bill_no is not valid: WeChat Pay takes 5 to 32 ASCII letters or digits.", (string?)(await JsonAsync(response))["message"]);
        Assert.Empty(_host.Simulator.Requests);
    }
}
