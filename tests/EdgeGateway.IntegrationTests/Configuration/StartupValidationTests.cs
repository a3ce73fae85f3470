using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Configuration.ConfigTestSupport;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>The real gateway process, started on a bad configuration folder: it stops with every problem listed.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task Start_InvalidConfiguration_ExitsWithCode2_ListingEveryProblemOnce()
    {
        using var root = new TestContentRoot();
        root.Edit("routes.json", r =>
        {
            var routes = r["ReverseProxy"]!["Routes"]!;
            routes["pay-jsapi"]!["Metadata"]!["Quota"] = "no-such-quota";        // a gateway rule
            routes["pay-app"]!["Match"]!["Path"] = "/v3/pay/transactions/{app";  // YARP's own check
            routes["pay-h5"]!.AsObject().Remove("RateLimiterPolicy");
            r["ReverseProxy"]!["Clusters"]!["wechatpay"]!["Destinations"]!["primary"]!["Address"] = "http://api.mch.weixin.qq.com/";
        });
        root.Edit("policies.json", p => p["Policies"]!["Quotas"]!["caller-orders"]!["Windows"]![0]!["Period"] = "1 second");

        var result = await GatewayCommand.RunAsync(ProcessArguments(root.Path));

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        string[] expected =
        [
            "config/policies.json: Policies.Quotas.caller-orders: Windows[0].Period is '1 second', which is not a duration; write it as \"hh:mm:ss\" or \"d.hh:mm:ss\", e.g. \"00:01:00\".",
            "config/routes.json: route 'pay-jsapi': Metadata.Quota names 'no-such-quota', which is not a policy in config/policies.json Policies.Quotas (defined: caller-orders, caller-refunds, payer-orders); add it there or use one of those.",
            "config/routes.json: route 'pay-h5': names no RateLimiterPolicy, so nothing limits how fast it calls WeChat Pay; set \"RateLimiterPolicy\" to a policy of config/policies.json Policies.RateLimits (defined: bills, media, standard).",
            "config/routes.json: cluster 'wechatpay': destination 'primary' has the address 'http://api.mch.weixin.qq.com/'; WeChat Pay is reached only over HTTPS outside the sandbox and the Development environment, so use https:// (e.g. \"https://api.mch.weixin.qq.com/\"). Plain http is allowed only to a loopback address, such as a local proxy that opens TLS.",
            "config/routes.json: route 'pay-app': Invalid path '/v3/pay/transactions/{app' for route 'pay-app': There is an incomplete parameter in the route template. Check that each '{' character has a matching '}' character (YARP's check).",
        ];
        var listed = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(" - ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        Assert.Contains("The gateway configuration is invalid:", result.Output, StringComparison.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HostSettingsOutOfRange_ExitsWithCode2_ListedWithTheFileProblems()
    {
        using var root = new TestContentRoot();
        root.Edit("routes.json", r => r["ReverseProxy"]!["Routes"]!["pay-h5"]!.AsObject().Remove("RateLimiterPolicy"));

        var result = await GatewayCommand.RunAsync([.. ProcessArguments(root.Path), "--EdgeGateway:Callbacks:IngressTimeout=00:00:06",
            "--EdgeGateway:Certificates:RefreshInterval=12:00:00", "--EdgeGateway:StatusCache:MaxEntryBytes=10",
            "--EdgeGateway:ServerLimits:MaxRequestHeaderCount=4", "--EdgeGateway:Resilience:DefaultReactivationPeriod=00:00:00"]);

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        string[] expected =
        [
            "EdgeGateway:Callbacks:IngressTimeout is 00:00:06; use 00:00:01 to 00:00:05 (WeChat Pay waits 5 seconds for the answer).",
            "EdgeGateway:Certificates:RefreshInterval is 12:00:00; use a value from 00:01:00 to 11:00:00 (WeChat Pay requires a refresh more often than every 12 hours).",
            "EdgeGateway:Resilience:DefaultReactivationPeriod is 00:00:00; use a positive duration such as \"00:00:30\".",
            "EdgeGateway:ServerLimits:MaxRequestHeaderCount is 4; allow at least 16 (a v3 call carries about a dozen headers).",
            "EdgeGateway:StatusCache:MaxEntryBytes is 10; use 1024 to 1048576.",
            "config/routes.json: route 'pay-h5': names no RateLimiterPolicy, so nothing limits how fast it calls WeChat Pay; set \"RateLimiterPolicy\" to a policy of config/policies.json Policies.RateLimits (defined: bills, media, standard).",
        ];
        var listed = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(" - ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        Assert.Equal(expected, listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithoutMerchants_ExitsWithCode2_InsteadOfNeverBecomingReady()
    {
        using var root = new TestContentRoot();

        var result = await GatewayCommand.RunAsync([
            "--contentRoot", root.Path,
            "--EdgeGateway:Sandbox:Enabled=false",
            "--EdgeGateway:AllowUnauthenticatedCallers=true",
            "--Kestrel:Endpoints:Public:Url=http://127.0.0.1:0",
            "--Kestrel:Endpoints:Management:Url=http://127.0.0.1:0",
        ]);

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        var listed = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(" - ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        Assert.Equal([EdgeGateway.Merchants.MerchantRegistry.NoMerchantsProblem], listed);
        Assert.Equal(
            "EdgeGateway:Merchants is empty and the sandbox is off, so no request could be signed or answer verified and the gateway would never become ready; configure each merchant under EdgeGateway:Merchants:{mchid} (CertificateSerial, PrivateKeyFile, ApiV3KeyFile, and PlatformCertificateFiles or PublicKeyFile/PublicKeyId; see README, Merchants), or set EdgeGateway:Sandbox:Enabled=true to try the gateway against the simulator.",
            EdgeGateway.Merchants.MerchantRegistry.NoMerchantsProblem);
    }

    [Fact]
    public async Task Start_ReadinessDelayNotShorterThanShutdownTimeout_ExitsWithCode2()
    {
        using var root = new TestContentRoot();

        var result = await GatewayCommand.RunAsync([.. ProcessArguments(root.Path), "--EdgeGateway:ShutdownTimeout=00:00:10", "--EdgeGateway:ShutdownReadinessDelay=00:00:10"]);

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        var listed = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(" - ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        Assert.Equal(["EdgeGateway:ShutdownReadinessDelay (00:00:10) must be at least 0 and shorter than EdgeGateway:ShutdownTimeout (00:00:10), or requests in flight would get no time to finish."], listed);
    }

    [Theory]
    [InlineData("EdgeGateway:Telemetry:ConsoleWriteInterval", "soon", "TimeSpan")]
    [InlineData("EdgeGateway:Telemetry:TracingEnabled", "maybe", "Boolean")]
    public async Task Start_HostSettingOfTheWrongType_ExitsWithCode2_NamingIt(string key, string value, string type)
    {
        using var root = new TestContentRoot();

        var result = await GatewayCommand.RunAsync([.. ProcessArguments(root.Path), $"--{key}={value}"]);

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        Assert.Contains($" - Failed to convert configuration value '{value}' at '{key}' to type 'System.{type}'", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HostSettingOutOfItsRange_ConsoleWriteInterval_ExitsWithCode2()
    {
        using var root = new TestContentRoot();

        var result = await GatewayCommand.RunAsync([.. ProcessArguments(root.Path), "--EdgeGateway:Telemetry:ConsoleWriteInterval=00:00:05"]);

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        Assert.Contains(" - EdgeGateway:Telemetry:ConsoleWriteInterval is 00:00:05; use a duration from 00:00:00 (write every line at once) to 00:00:01, such as \"00:00:00.010\".",
            result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FileThatIsNotJson_ExitsWithCode2_NamingTheFileAndLine()
    {
        using var root = new TestContentRoot();
        root.WriteText("callbacks.json", "{ \"Callbacks\": { \"pay\": { \"MchId\": \"1900000001\" \"TargetUrl\": \"https://orders.internal/notify\" } } }");

        var result = await GatewayCommand.RunAsync(ProcessArguments(root.Path));

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        Assert.Contains(" - config/callbacks.json: file: the file is not valid JSON: line 1, position 49: '\"' is invalid after a value. Expected either ',', '}', or ']'; fix it (an editor that knows the schema in config/schemas/ shows where).",
            result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AppSettingsThatIsNotJson_ExitsWithCode2_NamingTheFile()
    {
        using var root = new TestContentRoot();
        var path = Path.Combine(root.Path, "appsettings.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"AllowedHosts\": \"*\",", "\"AllowedHosts\": \"*\"", StringComparison.Ordinal));

        var result = await GatewayCommand.RunAsync(ProcessArguments(root.Path));

        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        Assert.Contains($" - Failed to load configuration from file '{path}'", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
    }
}
