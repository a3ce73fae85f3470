using System.Security.Cryptography;
using System.Text;

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
}
