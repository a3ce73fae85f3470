using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Certificates;

/// <summary>Gateway settings for the certificate tests.</summary>
internal static class CertificateSettings
{
    /// <summary>The test merchant without the platform certificate file GatewayTestHost configures: it must download.</summary>
    public static Dictionary<string, string?> DownloadOnly(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"EdgeGateway:Merchants:{TestKeys.Material.MchId}:PlatformCertificateFiles:0"] = null,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The test merchant in WeChat Pay public-key mode (its key and id configured, no certificate file).</summary>
    public static Dictionary<string, string?> PublicKey(params (string Key, string? Value)[] more)
    {
        var keys = TestKeys.Material;
        var settings = DownloadOnly(more);
        settings[$"EdgeGateway:Merchants:{keys.MchId}:PublicKeyFile"] = keys.PublicKeyPath;
        settings[$"EdgeGateway:Merchants:{keys.MchId}:PublicKeyId"] = keys.PublicKeyId;
        return settings;
    }
}
