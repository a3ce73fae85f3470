using EdgeGateway.IntegrationTests.Configuration;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Pkcs11;

/// <summary><c>validate</c> checks Pkcs11 settings offline; with <c>--require-secrets</c> it logs in to the token and finds the key.</summary>
public sealed class Pkcs11ValidateTests
{
    private const string MchId = "1230000109";

    [Fact]
    public async Task Validate_Pkcs11Merchant_OfflineWarnsWithoutLoggingInRequireSecretsLogsInAndFindsTheKey()
    {
        using var root = new TestContentRoot();
        var pinFile = Pkcs11TestKeys.PinFile(SoftHsm.Pin);

        var (offline, offlineLines) = await RunAsync(Arguments(root.Path, "merchant", pinFile));
        var (strict, strictLines) = await RunAsync([.. Arguments(root.Path, "merchant", pinFile), ValidateCommand.RequireSecretsOption]);
        var (missing, missingLines) = await RunAsync([.. Arguments(root.Path, "no-such-key", pinFile), ValidateCommand.RequireSecretsOption]);

        Assert.Equal(0, offline);
        Assert.Contains($"warning EdgeGateway:Merchants:{MchId}:Pkcs11: the token is not opened offline; validate with --require-secrets where the token is reachable to log in and find the key.",
            offlineLines);
        Assert.Equal(0, strict);
        Assert.DoesNotContain(strictLines, l => l.Contains("Pkcs11", StringComparison.Ordinal));
        Assert.Equal(1, missing);
        Assert.Contains($"error   EdgeGateway:Merchants:{MchId}:Pkcs11:KeyLabel: no private key with label 'no-such-key' on token '{SoftHsm.MerchantToken}' (or the PIN's user cannot see it).",
            missingLines);
    }

    private static string[] Arguments(string root, string keyLabel, string pinFile) =>
    [
        root,
        "--EdgeGateway:Sandbox:Enabled=false",
        $"--EdgeGateway:Merchants:{MchId}:CertificateSerial=444F4864EA9B34415",
        $"--EdgeGateway:Merchants:{MchId}:Pkcs11:Library={SoftHsm.Library}",
        $"--EdgeGateway:Merchants:{MchId}:Pkcs11:TokenLabel={SoftHsm.MerchantToken}",
        $"--EdgeGateway:Merchants:{MchId}:Pkcs11:KeyLabel={keyLabel}",
        $"--EdgeGateway:Merchants:{MchId}:Pkcs11:PinFile={pinFile}",
        $"--EdgeGateway:Merchants:{MchId}:ApiV3KeyFile={TestKeys.Material.ApiV3KeyPath}",
        "--EdgeGateway:AllowUnauthenticatedCallers=true",
    ];

    private static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync(args, output);
        return (exitCode, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
