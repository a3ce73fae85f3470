using System.Security.Cryptography;
using System.Text;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.LoadTests.Commands;

/// <summary>Gateway configuration every load run applies (command-line keys for the gateway process).</summary>
internal static class Settings
{
    /// <summary>The load runner's own caller: a test-only key, configured on the gateway for the run as its hash.</summary>
    public const string ApiKey = "load-runner-test-only-key";

    public static IDictionary<string, string> GatewaySettings() => new Dictionary<string, string>
    {
        ["EdgeGateway:Callers:load-runner:ApiKeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
        ["EdgeGateway:Callers:load-runner:Routes:0"] = "*",
        ["EdgeGateway:Callers:load-runner:MchIds:0"] = "*",
    };

    /// <summary>
    /// A gateway for one run: sandbox off, the run's merchant and keys, every WeChat Pay destination pointed at
    /// <paramref name="upstream"/>, the public and management listeners on the given loopback ports, the load
    /// runner's caller, logs at <paramref name="logLevel"/>.
    /// </summary>
    public static Dictionary<string, string?> Gateway(SandboxKeyMaterial keys, Uri upstream, int publicPort, int managementPort, string logLevel = "Warning")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{publicPort}",
            ["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{managementPort}",
            ["EdgeGateway:Sandbox:Enabled"] = "false",
            ["EdgeGateway:DefaultMchId"] = keys.MchId,
            [$"EdgeGateway:Merchants:{keys.MchId}:CertificateSerial"] = keys.MerchantCertificateSerial,
            [$"EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile"] = keys.MerchantPrivateKeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:PlatformCertificateFiles:0"] = keys.PlatformCertificatePath,
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = upstream.ToString(),
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = upstream.ToString(),
            ["Logging:LogLevel:Default"] = logLevel,
        };
        foreach (var (key, value) in GatewaySettings())
        {
            settings[key] = value;
        }

        return settings;
    }
}
