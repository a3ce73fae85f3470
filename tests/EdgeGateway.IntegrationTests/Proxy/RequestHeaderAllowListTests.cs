using System.Net;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>
/// What of a caller's request reaches WeChat Pay: only the allow-listed headers (issue 20 item 4), on the first
/// attempt, on retried queries (re-signed) and after a failover to the backup domain.
/// </summary>
public sealed class RequestHeaderAllowListTests
{
    private const string Prepay = "/v3/pay/transactions/jsapi";
    private const string QueryByOutTradeNo = "/v3/pay/transactions/out-trade-no/";

    /// <summary>Everything WeChat Pay may see; Content-Length only with a body.</summary>
    private static readonly string[] Allowed =
    [
        "Host", "Authorization", "Accept", "Accept-Language", "Content-Type", "Content-Length", "User-Agent", "Wechatpay-Serial",
        "traceparent", "tracestate",
    ];

    /// <summary>Headers an internal service sends that have no business leaving the company.</summary>
    private static HttpRequestMessage WithInternalHeaders(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-Long", new string('L', 12 * 1024));
        request.Headers.TryAddWithoutValidation("Cookie", "session=internal-session-cookie");
        request.Headers.TryAddWithoutValidation("X-Tenant-Id", "tenant-4711");
        request.Headers.TryAddWithoutValidation("X-Internal-Token", "internal-token-do-not-leak");
        request.Headers.TryAddWithoutValidation("baggage", "tenant=tenant-4711");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        return request;
    }

    private static void AssertOnlyAllowed(RecordedRequest seen)
    {
        var extra = seen.HeaderNames.Where(h => !Allowed.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(extra.Count == 0, $"headers beyond the allow-list reached WeChat Pay: {string.Join(", ", extra)}");
        Assert.Equal("zh-CN", seen.Header("Accept-Language"));
        Assert.True(seen.SignatureAccepted);
    }

    [Fact]
    public async Task Prepay_CallerSendsInternalHeaders_OnlyAllowListedHeadersReachWeChatPay()
    {
        await using var host = await GatewayTestHost.StartAsync();
        using var request = WithInternalHeaders(new HttpRequestMessage(HttpMethod.Post, Prepay)
        {
            Content = Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())),
        });

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(host.Simulator.Requests);
        AssertOnlyAllowed(seen);
        Assert.Equal(host.Simulator.BaseAddress.Authority, seen.Header("Host"));
        Assert.Equal("application/json", seen.Header("Accept"));
        Assert.StartsWith("application/json", seen.Header("Content-Type"), StringComparison.Ordinal);
        Assert.NotNull(seen.Header("Content-Length"));
        Assert.NotNull(seen.UserAgent);
        Assert.NotNull(seen.WechatpaySerial);
    }

    [Fact]
    public async Task Query_CallerSends16KiBCustomHeader_ItIsNotForwardedAndWeChatPayAnswers()
    {
        // The gateway's own listener limit (16 KiB for all headers) would answer 431 first; raised here, so what
        // keeps the header from WeChat Pay is the allow-list, as it would be behind a more generous limit.
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["EdgeGateway:ServerLimits:MaxRequestHeadersTotalSize"] = "65536" });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{QueryByOutTradeNo}NOSUCHORDER16K?mchid={host.Keys.MchId}");
        request.Headers.TryAddWithoutValidation("X-Long", new string('L', 16 * 1024));

        using var response = await host.Client.SendAsync(request);

        // WeChat Pay's own answer (unknown order), not 502 UPSTREAM_UNREACHABLE: the header never went out.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-EdgeGateway-Error"));
        var seen = Assert.Single(host.Simulator.Requests);
        Assert.DoesNotContain(seen.HeaderNames, h => h.Equals("X-Long", StringComparison.OrdinalIgnoreCase));
        Assert.True(seen.SignatureAccepted);
    }

    [Fact]
    public async Task Query_RetriedAfter5xx_EveryAttemptCarriesOnlyAllowListedHeaders()
    {
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Policies:Retries:queries:MaxRetries"] = "2",
            ["Policies:Retries:queries:BaseDelay"] = "00:00:00.01",
            ["Policies:Retries:queries:MaxDelay"] = "00:00:00.1",
        });
        host.Simulator.Faults.Current = new FaultSettings { ServerErrorRate = 1, PathPrefix = QueryByOutTradeNo };
        using var request = WithInternalHeaders(new HttpRequestMessage(HttpMethod.Get, $"{QueryByOutTradeNo}RETRIEDORDER1?mchid={host.Keys.MchId}"));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var attempts = host.Simulator.Requests;
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, AssertOnlyAllowed);
        Assert.Equal(3, attempts.Select(a => a.Nonce).Distinct().Count());
    }

    [Fact]
    public async Task Prepay_FailedOverToBackup_BackupSeesOnlyAllowListedHeadersAndItsOwnHost()
    {
        await using var backup = await SimulatorHost.StartAsync(TestKeys.Material.ToSimulatorOptions());
        await using var host = await GatewayTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = $"http://127.0.0.1:{GatewayTestHost.ClosedPort}/",
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = backup.BaseAddress.ToString(),
        });
        using var request = WithInternalHeaders(new HttpRequestMessage(HttpMethod.Post, Prepay)
        {
            Content = Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())),
        });

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(backup.Requests);
        AssertOnlyAllowed(seen);
        Assert.Equal(backup.BaseAddress.Authority, seen.Header("Host"));
    }
}
