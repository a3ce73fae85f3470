using System.Security.Cryptography;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Merchants.Pkcs11;

namespace EdgeGateway.IntegrationTests.Pkcs11;

/// <summary>Loads keys from the test SoftHSM2 tokens the way the gateway does (<see cref="Pkcs11KeyLoader"/>), PIN from an environment variable.</summary>
internal static class Pkcs11TestKeys
{
    public const string PinVariable = "EDGEGATEWAY_TEST_PKCS11_PIN";

    public static RSA Load(string keyLabel, string token = SoftHsm.MerchantToken, int? sessions = null, string pin = SoftHsm.Pin) =>
        TryLoad(keyLabel, out var errors, token, sessions, pin) ?? throw new InvalidOperationException(string.Join(Environment.NewLine, errors));

    public static RSA? TryLoad(string keyLabel, out List<string> errors, string token = SoftHsm.MerchantToken, int? sessions = null, string pin = SoftHsm.Pin)
    {
        errors = [];
        var options = new Pkcs11KeyOptions { Library = SoftHsm.Library, TokenLabel = token, KeyLabel = keyLabel, PinEnv = PinVariable, Sessions = sessions };
        return Pkcs11KeyLoader.Load("EdgeGateway:Merchants:1900000001", options, "/", name => name == PinVariable ? pin : null, errors, offlineWarnings: null);
    }

    /// <summary>The gateway settings of a merchant whose key is <paramref name="keyLabel"/> on <paramref name="token"/> (PIN in a file).</summary>
    public static Dictionary<string, string?> Settings(string mchId, string token, string keyLabel = "merchant", string? pinFile = null) => new()
    {
        [$"EdgeGateway:Merchants:{mchId}:PrivateKeyFile"] = null,
        [$"EdgeGateway:Merchants:{mchId}:Pkcs11:Library"] = SoftHsm.Library,
        [$"EdgeGateway:Merchants:{mchId}:Pkcs11:TokenLabel"] = token,
        [$"EdgeGateway:Merchants:{mchId}:Pkcs11:KeyLabel"] = keyLabel,
        [$"EdgeGateway:Merchants:{mchId}:Pkcs11:PinFile"] = pinFile ?? PinFile(SoftHsm.Pin),
    };

    /// <summary>A file holding <paramref name="pin"/>, as a Kubernetes secret mount would.</summary>
    public static string PinFile(string pin)
    {
        var path = Path.Combine(SoftHsm.Directory, "pin-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(pin)))[..12]);
        File.WriteAllText(path, pin + "\n");
        return path;
    }
}
