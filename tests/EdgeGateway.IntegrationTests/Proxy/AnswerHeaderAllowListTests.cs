using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Proxy;

/// <summary>
/// What of WeChat Pay's answer reaches the caller (issue 20 item 5): the status, the body and the allow-listed
/// headers, a redirect never, and on every answer whether its signature was verified.
/// </summary>
public sealed class AnswerHeaderAllowListTests
{
    private const string Prepay = "/v3/pay/transactions/jsapi";
    private const string QueryByOutTradeNo = "/v3/pay/transactions/out-trade-no/";
    private const string SignatureHeader = "X-EdgeGateway-Signature";
    private const string UnsignedAnswers = "edgegateway.upstream.unsigned_answers";
    private const string ProxyRequests = "edgegateway.proxy.requests";

    private const string RedirectMessage =
        "WeChat Pay's destination answered 307, a redirect; WeChat Pay v3 never redirects, so the answer was not forwarded. For a payment or refund the outcome is unknown: query its state before retrying.";

    /// <summary>What a captive proxy, a CDN or a hijacked name might add to an answer; the signature covers none of it.</summary>
    private static readonly Dictionary<string, string> Foreign = new()
    {
        ["Set-Cookie"] = "tracking=1; Path=/; Domain=.example.com",
        ["Server"] = "nginx/1.0 (foreign)",
        ["X-Whatever"] = "whatever",
        [SignatureHeader] = "verified",
    };

    /// <summary>
    /// Request metrics are recorded as the exchange ends, which may be just after the client has its answer: waits for
    /// the request's own count (recorded after the unsigned-answer count) before anything is asserted.
    /// </summary>
    private static async Task WaitForRequestsAsync(MeasurementRecorder metrics, int count) =>
        Assert.True(await Resilience.ResilienceTestSupport.EventuallyAsync(() => Task.FromResult(metrics.Of(ProxyRequests).Count() >= count), TimeSpan.FromSeconds(10)),
            "the gateway never recorded the request");

    private static string[] Names(HttpResponseMessage response) =>
        [.. response.Headers.Select(h => h.Key), .. response.Content.Headers.Select(h => h.Key)];

    private static void AssertNoForeignHeaders(HttpResponseMessage response)
    {
        foreach (var name in (string[])["Set-Cookie", "Server", "X-Whatever", "Location"])
        {
            Assert.DoesNotContain(Names(response), h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Prepay_SignedAnswerWithForeignHeaders_CallerGetsOnlyAllowListedHeadersAndCanVerifyIt()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { ExtraHeaders = Foreign };

        using var response = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNoForeignHeaders(response);
        Assert.Equal("verified", response.Headers.GetValues(SignatureHeader).Single());
        Assert.NotEmpty(response.Headers.GetValues(WeChatPayHeaders.RequestId).Single());
        Assert.True(response.Headers.Contains("RateLimit"), "the gateway's own headers (the payer quota's RateLimit) stay");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        // The Wechatpay-* headers arrive intact: the caller can verify WeChat Pay's signature itself.
        var body = await response.Content.ReadAsByteArrayAsync();
        var headers = SignedMessageHeaders.From(name => response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null);
        using var certificate = PemKeys.LoadCertificateFile(host.Keys.PlatformCertificatePath);
        var result = new ResponseVerifier(TimeProvider.System).Verify(headers, body, new VerificationKeySet([VerificationKey.FromCertificate(certificate)]));
        Assert.True(result.IsValid, result.Describe());
        Assert.Equal("WECHATPAY2-SHA256-RSA2048", response.Headers.GetValues(WeChatPayHeaders.SignatureType).Single());
    }

    [Fact]
    public async Task Prepay_UpstreamRedirects_Returns502WithTheGatewaysErrorAndNoLocation()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { RedirectRate = 1, ExtraHeaders = Foreign };

        using var response = await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-EdgeGateway-Error").Single());
        Assert.Null(response.Headers.Location);
        AssertNoForeignHeaders(response);
        Assert.False(response.Headers.Contains(SignatureHeader));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("UPSTREAM_UNREACHABLE", (string?)error["code"]);
        Assert.Equal(RedirectMessage, (string?)error["message"]);
        Assert.Equal(307, (int?)error["detail"]!["upstream_status"]);
        Assert.Equal(307, Assert.Single(host.Simulator.Requests).Status);
    }

    [Fact]
    public async Task BillDownload_UpstreamRedirects_Returns502AndNoLocation()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { RedirectRate = 1, PathPrefix = "/v3/billdownload/" };

        using var response = await host.Client.GetAsync("/v3/billdownload/file?token=anything");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(RedirectMessage, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
    }

    [Fact]
    public async Task BillDownload_UnsignedFileWithForeignHeaders_PassesMarkedUnsignedWithoutThem()
    {
        await using var host = await GatewayTestHost.StartAsync();
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo())))).EnsureSuccessStatusCode();
        using var bill = await host.Client.GetAsync("/v3/bill/tradebill?bill_date=2026-11-25&bill_type=ALL");
        Assert.Equal("verified", bill.Headers.GetValues(SignatureHeader).Single());
        var downloadUrl = new Uri((string)JsonNode.Parse(await bill.Content.ReadAsStringAsync())!["download_url"]!);
        host.Simulator.Faults.Current = new FaultSettings { ExtraHeaders = Foreign, PathPrefix = "/v3/billdownload/" };
        using var metrics = new MeasurementRecorder(host, UnsignedAnswers, ProxyRequests);

        using var file = await host.Client.GetAsync(downloadUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.NotEmpty(await file.Content.ReadAsByteArrayAsync());
        AssertNoForeignHeaders(file);
        Assert.Equal("unsigned", file.Headers.GetValues(SignatureHeader).Single());
        await WaitForRequestsAsync(metrics, 1);
        var counted = Assert.Single(metrics.Of(UnsignedAnswers));
        Assert.Equal("bill-download", counted.Tag("route"));
    }

    [Fact]
    public async Task Query_UnsignedNotFound_PassesThroughMarkedUnsignedAndIsCounted()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Simulator.Faults.Current = new FaultSettings { SignatureFault = SignatureFault.Omit, ExtraHeaders = Foreign };
        using var metrics = new MeasurementRecorder(host, UnsignedAnswers, ProxyRequests);

        using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}NOSUCHORDER2?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ORDER_NOT_EXIST", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
        // The upstream's own "X-EdgeGateway-Signature: verified" is not what the caller reads.
        Assert.Equal("unsigned", response.Headers.GetValues(SignatureHeader).Single());
        Assert.False(response.Headers.Contains(WeChatPayHeaders.Signature));
        AssertNoForeignHeaders(response);
        await WaitForRequestsAsync(metrics, 1);
        var counted = Assert.Single(metrics.Of(UnsignedAnswers));
        Assert.Equal(1, counted.Value);
        Assert.Equal("pay-query-by-out-trade-no", counted.Tag("route"));
        Assert.Equal("404", counted.Tag("status"));
    }

    [Fact]
    public async Task Query_SignedNotFound_MarkedVerifiedAndNotCounted()
    {
        await using var host = await GatewayTestHost.StartAsync();
        using var metrics = new MeasurementRecorder(host, UnsignedAnswers, ProxyRequests);

        using var response = await host.Client.GetAsync($"{QueryByOutTradeNo}NOSUCHORDER3?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("verified", response.Headers.GetValues(SignatureHeader).Single());
        await WaitForRequestsAsync(metrics, 1);
        Assert.Empty(metrics.Of(UnsignedAnswers));
    }

    public static TheoryData<string> Stores => ["redis", "memory"];

    /// <summary>Shared state in a real redis-server under a fresh prefix, or in memory.</summary>
    private static async Task<GatewayTestHost> StartAsync(string store, string test)
    {
        var settings = new Dictionary<string, string?>();
        if (store == "redis")
        {
            var redis = await RedisServer.SharedAsync();
            settings["EdgeGateway:Redis:Configuration"] = redis.Endpoint;
            settings["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(test);
        }

        return await GatewayTestHost.StartAsync(settings);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Prepay_RepeatedIdentically_ReplayKeepsSayingVerified(string store)
    {
        await using var host = await StartAsync(store, nameof(Prepay_RepeatedIdentically_ReplayKeepsSayingVerified));
        var body = Payloads.JsapiPrepay(host.Keys.MchId, Payloads.NewOutTradeNo()).ToJsonString();
        using var first = await host.Client.PostAsync(Prepay, Payloads.Json(body));
        Assert.Equal("verified", first.Headers.GetValues(SignatureHeader).Single());

        using var repeat = await host.Client.PostAsync(Prepay, Payloads.Json(body));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("verified", repeat.Headers.GetValues(SignatureHeader).Single());
        Assert.Single(host.Simulator.Requests);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Query_AnsweredFromTheStatusCache_KeepsSayingVerified(string store)
    {
        await using var host = await StartAsync(store, nameof(Query_AnsweredFromTheStatusCache_KeepsSayingVerified));
        var outTradeNo = Payloads.NewOutTradeNo();
        (await host.Client.PostAsync(Prepay, Payloads.Json(Payloads.JsapiPrepay(host.Keys.MchId, outTradeNo)))).EnsureSuccessStatusCode();
        using var first = await host.Client.GetAsync($"{QueryByOutTradeNo}{outTradeNo}?mchid={host.Keys.MchId}");
        Assert.Equal("verified", first.Headers.GetValues(SignatureHeader).Single());

        using var cached = await host.Client.GetAsync($"{QueryByOutTradeNo}{outTradeNo}?mchid={host.Keys.MchId}");

        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal("hit", cached.Headers.GetValues("X-EdgeGateway-Cache").Single());
        Assert.Equal("verified", cached.Headers.GetValues(SignatureHeader).Single());
        Assert.Equal(1, host.Simulator.CountRequests("GET", QueryByOutTradeNo));
    }
}
