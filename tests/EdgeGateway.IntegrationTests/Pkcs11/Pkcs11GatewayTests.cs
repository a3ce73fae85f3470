using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.Configuration;
using EdgeGateway.IntegrationTests.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Merchants;
using EdgeGateway.Merchants.Pkcs11;

namespace EdgeGateway.IntegrationTests.Pkcs11;

/// <summary>A gateway whose merchant key is in a SoftHSM2 token, in front of the simulator.</summary>
public sealed class Pkcs11GatewayTests
{
    private static string MchId => TestKeys.Material.MchId;

    [Fact]
    public async Task JsapiPrepay_MerchantKeyInToken_SimulatorAcceptsTheTokensSignature()
    {
        await using var host = await GatewayTestHost.StartAsync(Pkcs11TestKeys.Settings(MchId, SoftHsm.MerchantToken));
        var outTradeNo = Payloads.NewOutTradeNo();

        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(Payloads.JsapiPrepay(MchId, outTradeNo)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(host.Simulator.Store.FindOrder(MchId, outTradeNo)!.PrepayId, (string?)body["prepay_id"]);
        var seen = Assert.Single(host.Simulator.Requests, r => r.Target == "/v3/pay/transactions/jsapi");
        Assert.True(seen.SignatureAccepted);
        Assert.True(host.Service<MerchantRegistry>().TryGet(MchId, out var merchant));
        Assert.IsType<Pkcs11RsaKey>(merchant.Credentials.PrivateKey);
    }

    [Fact]
    public async Task Start_KeyLabelNotOnToken_RefusedNamingMerchantAndSetting()
    {
        var settings = Pkcs11TestKeys.Settings(MchId, SoftHsm.MerchantToken, keyLabel: "no-such-key");

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(settings));

        Assert.Equal(
            [$"EdgeGateway:Merchants:{MchId}:Pkcs11:KeyLabel: no private key with label 'no-such-key' on token '{SoftHsm.MerchantToken}' (or the PIN's user cannot see it)."],
            ex.Errors);
    }

    [Fact]
    public async Task Start_WrongPinInProcessAfterARightLogin_RefusedNamingThePinSetting()
    {
        // Another pool of this process is logged in already, so the token itself would answer CKR_USER_ALREADY_LOGGED_IN.
        using var loggedIn = Pkcs11TestKeys.Load("merchant");
        var settings = Pkcs11TestKeys.Settings(MchId, SoftHsm.MerchantToken, pinFile: Pkcs11TestKeys.PinFile("not-the-pin"));

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(settings));

        Assert.Equal(
            [$"EdgeGateway:Merchants:{MchId}:Pkcs11:PinFile: token '{SoftHsm.MerchantToken}' refused the PIN (CKR_PIN_INCORRECT); check the PIN, and note that repeated failures lock the token."],
            ex.Errors);
        Assert.DoesNotContain("not-the-pin", string.Join('\n', ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WrongPin_ExitsWithCode2NamingMerchantAndSettingButNotThePin()
    {
        using var root = new TestContentRoot();
        var arguments = ConfigTestSupport.ProcessArguments(root.Path).Where(a => !a.Contains(":PrivateKeyFile=", StringComparison.Ordinal)).ToList();
        arguments.AddRange(
        [
            $"--EdgeGateway:Merchants:{MchId}:Pkcs11:Library={SoftHsm.Library}",
            $"--EdgeGateway:Merchants:{MchId}:Pkcs11:TokenLabel={SoftHsm.WrongPinToken}",
            $"--EdgeGateway:Merchants:{MchId}:Pkcs11:KeyLabel=merchant",
            $"--EdgeGateway:Merchants:{MchId}:Pkcs11:PinEnv=MERCHANT_TOKEN_PIN",
        ]);

        var result = await GatewayCommand.RunAsync(arguments, new Dictionary<string, string>
        {
            ["SOFTHSM2_CONF"] = SoftHsm.ConfigFile,
            ["MERCHANT_TOKEN_PIN"] = "wrong-pin-31337",
        });

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        Assert.Contains($" - EdgeGateway:Merchants:{MchId}:Pkcs11:PinEnv: token '{SoftHsm.WrongPinToken}' refused the PIN (CKR_PIN_INCORRECT); check the PIN, and note that repeated failures lock the token.",
            result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pin-31337", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Pkcs11SettingsWrong_EveryProblemListed()
    {
        var where = $"EdgeGateway:Merchants:{MchId}";
        var settings = new Dictionary<string, string?>
        {
            [$"{where}:Pkcs11:Library"] = "/no/such/libpkcs11.so",
            [$"{where}:Pkcs11:TokenLabel"] = "a",
            [$"{where}:Pkcs11:Slot"] = "1",
            [$"{where}:Pkcs11:KeyId"] = "xyz",
            [$"{where}:Pkcs11:Sessions"] = "0",
            [$"{where}:Pkcs11:PinEnv"] = "SOME_PIN",
            [$"{where}:Pkcs11:PinFile"] = "/pin",
        };

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(settings));

        Assert.Equal(
        [
            $"{where}: set only one key source: PrivateKeyFile, PrivateKeyEnv or Pkcs11.",
        ], ex.Errors);

        settings[$"{where}:PrivateKeyFile"] = null;
        ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayTestHost.StartAsync(settings));

        Assert.Equal(
        [
            $"{where}:Pkcs11:Library '/no/such/libpkcs11.so' does not exist.",
            $"{where}:Pkcs11: set only one of TokenLabel and Slot.",
            $"{where}:Pkcs11:KeyId 'xyz' is not hex (the key's CKA_ID, e.g. 01a2).",
            $"{where}:Pkcs11:Sessions is 0; it must be between 1 and 1024 (default {Pkcs11KeyOptions.DefaultSessions}, 2 × processors).",
            $"{where}:Pkcs11: set only one of PinEnv and PinFile.",
        ], ex.Errors);
    }
}
