using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary><c>EdgeGateway validate [path]</c>: offline validation for CI, with the same rules as the gateway's start.</summary>
public sealed class ValidateCommandTests
{
    private const string SandboxWarning =
        "warning appsettings.json: EdgeGateway:Sandbox:Enabled is true: at start the gateway generates the sandbox merchant 1900000001 and its keys, and points every WeChat Pay cluster at the simulator; set it to false to validate a production configuration.";

    [Fact]
    public async Task Validate_ShippedConfiguration_IsValid_AndStartsNothing()
    {
        using var root = new TestContentRoot();

        var (exitCode, lines) = await RunAsync(root.Path);

        Assert.Equal(0, exitCode);
        Assert.Equal($"Validating {root.Path} (environment Production; secrets not required offline)", lines[0]);
        Assert.Equal(SandboxWarning, lines[1]);
        Assert.Matches(@"^Result: valid, version [0-9a-f]{16}: 39 routes, 1 cluster, 0 callbacks \(1 warning\)\.$", lines[2]);
        Assert.Equal(3, lines.Count);
        Assert.False(Directory.Exists(Path.Combine(root.Path, ".sandbox")), "validation generated sandbox keys");
    }

    [Fact]
    public async Task Validate_ProductionWithoutSecretsHere_WarnsOffline_AndFailsWhenSecretsAreRequired()
    {
        using var root = new TestContentRoot();
        string[] production =
        [
            "--EdgeGateway:Sandbox:Enabled=false",
            "--EdgeGateway:Merchants:1230000109:CertificateSerial=444F4864EA9B34415",
            "--EdgeGateway:Merchants:1230000109:PrivateKeyFile=/run/secrets/wechatpay/1230000109/apiclient_key.pem",
            "--EdgeGateway:Merchants:1230000109:ApiV3KeyEnv=EDGEGATEWAY_TEST_UNSET_APIV3_KEY",
            "--EdgeGateway:AllowUnauthenticatedCallers=true",
            "--Callbacks:pay:MchId=1230000109",
            "--Callbacks:pay:TargetUrl=https://orders.internal/wechatpay/notify",
        ];

        var (offline, offlineLines) = await RunAsync([root.Path, .. production]);
        Assert.Equal(0, offline);
        Assert.Equal([
            $"Validating {root.Path} (environment Production; secrets not required offline)",
            "warning EdgeGateway:Merchants:1230000109:PrivateKeyFile '/run/secrets/wechatpay/1230000109/apiclient_key.pem' does not exist here (not checked offline; it must exist where the gateway runs).",
            "warning EdgeGateway:Merchants:1230000109:ApiV3KeyEnv names the environment variable 'EDGEGATEWAY_TEST_UNSET_APIV3_KEY', which is not set here (not checked offline; it must be set where the gateway runs).",
        ], offlineLines.Take(3));
        Assert.StartsWith("Result: valid, version ", offlineLines[3], StringComparison.Ordinal);
        Assert.EndsWith(": 39 routes, 1 cluster, 1 callback (2 warnings).", offlineLines[3], StringComparison.Ordinal);

        var (strict, strictLines) = await RunAsync([root.Path, ValidateCommand.RequireSecretsOption, .. production]);
        Assert.Equal(1, strict);
        Assert.Equal([
            $"Validating {root.Path} (environment Production; secrets required)",
            "error   EdgeGateway:Merchants:1230000109:PrivateKeyFile '/run/secrets/wechatpay/1230000109/apiclient_key.pem' does not exist.",
            "error   EdgeGateway:Merchants:1230000109:ApiV3KeyEnv names the environment variable 'EDGEGATEWAY_TEST_UNSET_APIV3_KEY', which is not set.",
            "Result: invalid (2 errors, 0 warnings).",
        ], strictLines);
    }

    [Fact]
    public async Task Validate_InvalidConfiguration_ListsEveryProblem_AndExits1()
    {
        using var root = new TestContentRoot();
        root.Edit("routes.json", r => r["ReverseProxy"]!["Routes"]!["refund-query"]!["Timout"] = "00:00:05");
        root.Edit("callbacks.json", c => c["Callbacks"]!["pay"] = new System.Text.Json.Nodes.JsonObject { ["MchId"] = "1999999999", ["TargetUrl"] = "orders.internal/notify" });

        var (exitCode, lines) = await RunAsync(root.Path);

        Assert.Equal(1, exitCode);
        Assert.Equal([
            $"Validating {root.Path} (environment Production; secrets not required offline)",
            "error   config/routes.json: route 'refund-query': 'Timout' is not a key YARP reads, so it would be ignored; did you mean 'Timeout'? remove or correct it (known here: AuthorizationPolicy, ClusterId, CorsPolicy, Match, MaxRequestBodySize, Metadata, Order, OutputCachePolicy, RateLimiterPolicy, RouteId, Timeout, TimeoutPolicy, Transforms).",
            "error   config/callbacks.json: callback 'pay': MchId is '1999999999', but no merchant with that mchid is configured under EdgeGateway:Merchants; add the merchant or correct the mchid.",
            "error   config/callbacks.json: callback 'pay': TargetUrl 'orders.internal/notify' is not an absolute http:// or https:// URL; write the full address of the internal service, e.g. \"https://orders.internal/wechatpay/notify\".",
            SandboxWarning,
            "Result: invalid (3 errors, 1 warning).",
        ], lines);
    }

    [Fact]
    public async Task Validate_HostSettingsOutOfRange_AreListedWithTheFileProblems()
    {
        using var root = new TestContentRoot();
        root.Edit("routes.json", r => r["ReverseProxy"]!["Routes"]!["refund-query"]!["Timout"] = "00:00:05");

        var (exitCode, lines) = await RunAsync(root.Path, "--EdgeGateway:Callbacks:MaxBodyBytes=10", "--EdgeGateway:Callbacks:OrphanClaimAfter=00:00:05",
            "--EdgeGateway:Certificates:RefreshJitter=0.9", "--EdgeGateway:StatusCache:MemoryMaxEntries=5", "--EdgeGateway:ServerLimits:MaxRequestLineSize=10",
            "--EdgeGateway:Resilience:ConnectTimeout=00:00:00");

        Assert.Equal(1, exitCode);
        Assert.Equal(
        [
            "error   EdgeGateway:Callbacks:MaxBodyBytes is 10; use 1024 to 16777216.",
            "error   EdgeGateway:Callbacks:OrphanClaimAfter (00:00:05) must be longer than DeliveryTimeout (00:00:10), or live deliveries would be claimed twice.",
            "error   EdgeGateway:Certificates:RefreshJitter is 0.9; use a fraction from 0 to 0.5.",
            "error   EdgeGateway:Resilience:ConnectTimeout is 00:00:00; use a positive duration such as \"00:00:03\".",
            "error   EdgeGateway:ServerLimits:MaxRequestLineSize is 10; use at least 1024 bytes.",
            "error   EdgeGateway:StatusCache:MemoryMaxEntries is 5; use 100 to 10000000.",
            "error   config/routes.json: route 'refund-query': 'Timout' is not a key YARP reads, so it would be ignored; did you mean 'Timeout'? remove or correct it (known here: AuthorizationPolicy, ClusterId, CorsPolicy, Match, MaxRequestBodySize, Metadata, Order, OutputCachePolicy, RateLimiterPolicy, RouteId, Timeout, TimeoutPolicy, Transforms).",
        ], lines.Where(l => l.StartsWith("error", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("Result: invalid (7 errors, 1 warning).", lines[^1]);
    }

    [Fact]
    public async Task Validate_ProductionWithoutMerchants_EvenWithUnauthenticatedCallers_IsRefused()
    {
        using var root = new TestContentRoot();

        var (exitCode, lines) = await RunAsync(root.Path, "--EdgeGateway:Sandbox:Enabled=false", "--EdgeGateway:AllowUnauthenticatedCallers=true");

        Assert.Equal(1, exitCode);
        Assert.Equal([
            $"Validating {root.Path} (environment Production; secrets not required offline)",
            "error   EdgeGateway:Merchants is empty and the sandbox is off, so no request could be signed or answer verified and the gateway would never become ready; configure each merchant under EdgeGateway:Merchants:{mchid} (CertificateSerial, PrivateKeyFile, ApiV3KeyFile, and PlatformCertificateFiles or PublicKeyFile/PublicKeyId; see README, Merchants), or set EdgeGateway:Sandbox:Enabled=true to try the gateway against the simulator.",
            "Result: invalid (1 error, 0 warnings).",
        ], lines);
    }

    [Fact]
    public async Task Validate_NotAContentRoot_Exits1()
    {
        var empty = Directory.CreateTempSubdirectory("edgegateway-empty-").FullName;
        try
        {
            var (exitCode, lines) = await RunAsync(empty);

            Assert.Equal(1, exitCode);
            Assert.Equal([$"error   {empty} is not a content root: it must hold appsettings.json and config/.", "Result: invalid (1 error)."], lines);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task Validate_AsTheRealCommand_ExitsWithTheResult()
    {
        using var root = new TestContentRoot();
        var valid = await GatewayCommand.RunAsync(["validate", root.Path]);
        root.Edit("policies.json", p => p["Policies"]!["Retries"]!["queries"]!["MaxDelay"] = "00:00:02");
        var invalid = await GatewayCommand.RunAsync(["validate", root.Path]);

        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Contains("Result: valid, version ", valid.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", valid.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SANDBOX MODE", valid.Output, StringComparison.Ordinal);
        Assert.True(invalid.ExitCode == 1, invalid.Output);
        foreach (var route in new[]
                 {
                     "pay-query-by-transaction-id", "pay-query-by-out-trade-no", "refund-query", "partner-pay-query-by-transaction-id",
                     "partner-pay-query-by-out-trade-no", "combine-query", "profitsharing-order-query", "profitsharing-return-query", "transfer-query",
                 })
        {
            Assert.Contains($"error   config/routes.json: route '{route}': Timeout 00:00:05 is not longer than the retry budget of Retries.queries (3 retries × MaxDelay 00:00:02 = 00:00:06)",
                invalid.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Result: invalid (9 errors, 1 warning).", invalid.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync(args, output);
        return (exitCode, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
