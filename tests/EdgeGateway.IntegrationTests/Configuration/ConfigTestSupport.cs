using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>Helpers the configuration tests share.</summary>
internal static class ConfigTestSupport
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> probe, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await probe();
    }

    public static Task<bool> EventuallyAsync(Func<bool> probe, TimeSpan? timeout = null) => EventuallyAsync(() => Task.FromResult(probe()), timeout);

    public static async Task<JsonNode> ConfigViewAsync(GatewayTestHost host)
    {
        using var response = await host.ManagementClient.GetAsync("/config");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A bill request: GET on the "bills" rate-limit policy, answered by the simulator.</summary>
    public static async Task<int> BillAsync(GatewayTestHost host)
    {
        using var response = await host.Client.GetAsync("/v3/bill/tradebill?bill_date=2024-01-01&bill_type=ALL");
        return (int)response.StatusCode;
    }

    /// <summary>Settings that make a gateway refuse to start or reload only for the reasons a test sets up (merchant, caller, upstream).</summary>
    public static List<string> ProcessArguments(string contentRoot)
    {
        var keys = TestKeys.Material;
        return
        [
            "--contentRoot", contentRoot,
            "--EdgeGateway:Sandbox:Enabled=false",
            "--Kestrel:Endpoints:Public:Url=http://127.0.0.1:0",
            "--Kestrel:Endpoints:Management:Url=http://127.0.0.1:0",
            $"--EdgeGateway:DefaultMchId={keys.MchId}",
            $"--EdgeGateway:Merchants:{keys.MchId}:CertificateSerial={keys.MerchantCertificateSerial}",
            $"--EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile={keys.MerchantPrivateKeyPath}",
            $"--EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile={keys.ApiV3KeyPath}",
            $"--EdgeGateway:Merchants:{keys.MchId}:PlatformCertificateFiles:0={keys.PlatformCertificatePath}",
            $"--EdgeGateway:Callers:{GatewayTestHost.DefaultCallerName}:ApiKeySha256={GatewayTestHost.HashApiKey(GatewayTestHost.DefaultApiKey)}",
            $"--EdgeGateway:Callers:{GatewayTestHost.DefaultCallerName}:Routes:0=*",
            $"--EdgeGateway:Callers:{GatewayTestHost.DefaultCallerName}:MchIds:0=*",
            "--Logging:LogLevel:Default=Warning",
        ];
    }
}
