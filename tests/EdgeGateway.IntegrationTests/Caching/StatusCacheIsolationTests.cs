using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Transforms.WeChatPay;
using static EdgeGateway.IntegrationTests.Caching.StatusCacheTestSupport;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>One merchant never sees another's cached statuses, and a caller only reaches entries of merchants it may act for.</summary>
public sealed class StatusCacheIsolationTests
{
    private const string SecondMchId = "1900000002";
    private const string OnlyFirstKey = "test-only-caller-first-merchant-2b8e";

    [Fact]
    public async Task TwoMerchants_SameOutTradeNo_NeverSeeEachOthersEntries()
    {
        await using var host = await StartAsync(nameof(TwoMerchants_SameOutTradeNo_NeverSeeEachOthersEntries));
        var outTradeNo = Payloads.NewOutTradeNo("ISO");
        await CreateOrderAsync(host, host.Keys.MchId, total: 100, outTradeNo: outTradeNo);
        await CreateOrderAsync(host, SecondMchId, total: 777, outTradeNo: outTradeNo);

        var first = await PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo));
        var second = await PollAsync(host.Client, OrderPath(SecondMchId, outTradeNo));
        var firstAgain = await PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo));
        var secondAgain = await PollAsync(host.Client, OrderPath(SecondMchId, outTradeNo));

        Assert.Equal(("miss", host.Keys.MchId, 100L), Describe(first));
        Assert.Equal(("miss", SecondMchId, 777L), Describe(second));
        Assert.Equal(("hit", host.Keys.MchId, 100L), Describe(firstAgain));
        Assert.Equal(("hit", SecondMchId, 777L), Describe(secondAgain));
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
        // Each merchant's query was signed by that merchant.
        Assert.Equal(new[] { host.Keys.MchId, SecondMchId }, host.Simulator.Requests.Where(r => r.Method == "GET").Select(r => r.MchId ?? "none").Order());
    }

    [Fact]
    public async Task CallbackOfOneMerchant_DoesNotDropTheOthersEntry()
    {
        await using var host = await StartAsync(nameof(CallbackOfOneMerchant_DoesNotDropTheOthersEntry));
        var outTradeNo = Payloads.NewOutTradeNo("ISC");
        await CreateOrderAsync(host, host.Keys.MchId, outTradeNo: outTradeNo);
        await CreateOrderAsync(host, SecondMchId, total: 777, outTradeNo: outTradeNo);
        await PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo));
        await PollAsync(host.Client, OrderPath(SecondMchId, outTradeNo));

        // The callback route "pay" belongs to the first merchant: its TRANSACTION.SUCCESS drops only the first merchant's entry.
        await host.Simulator.PayOrderAsync(host.Keys.MchId, outTradeNo, notifyUrl: new Uri(host.Address, "/notify/" + CallbackName));

        Assert.Equal(("miss", "SUCCESS"), (await PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo))) is var a ? (a.Cache, StateOf(a)) : default);
        Assert.Equal(("hit", "NOTPAY"), (await PollAsync(host.Client, OrderPath(SecondMchId, outTradeNo))) is var b ? (b.Cache, StateOf(b)) : default);
    }

    [Fact]
    public async Task CallerNotAllowedTheMerchant_Gets403_AndNotTheCachedEntry()
    {
        await using var host = await StartAsync(nameof(CallerNotAllowedTheMerchant_Gets403_AndNotTheCachedEntry));
        var outTradeNo = await CreateOrderAsync(host, SecondMchId, total: 777);
        var path = OrderPath(SecondMchId, outTradeNo);
        await PollAsync(host.Client, path);
        Assert.Equal("hit", (await PollAsync(host.Client, path)).Cache); // the entry is there

        using var onlyFirst = host.CreateClient(OnlyFirstKey);
        var refused = await PollAsync(onlyFirst, path);

        Assert.Equal(403, refused.Status);
        Assert.Equal("CALLER_FORBIDDEN", (string?)JsonNode.Parse(refused.Body)!["code"]);
        Assert.Null(refused.Cache);
        Assert.DoesNotContain(outTradeNo, refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("777", refused.Body, StringComparison.Ordinal);
        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
        // The same caller does get its own merchant's entries.
        var own = await CreateOrderAsync(host);
        Assert.Equal(200, (await PollAsync(onlyFirst, OrderPath(host.Keys.MchId, own))).Status);
    }

    private static (string?, string?, long?) Describe(Poll poll)
    {
        var body = JsonNode.Parse(poll.Body)!;
        return (poll.Cache, (string?)body["mchid"], (long?)body["amount"]!["total"]);
    }

    /// <summary>A gateway with two merchants (the second with its own keys, known to the simulator too) and a caller limited to the first.</summary>
    private static async Task<GatewayTestHost> StartAsync(string test)
    {
        var first = TestKeys.Material;
        var second = TestKeys.Create("status-cache-second-merchant", SecondMchId);
        var options = first.ToSimulatorOptions();
        var secondCertificate = PemKeys.LoadCertificateFile(second.MerchantCertificatePath);
        options.Merchants.Add(new SimulatedMerchant(SecondMchId, secondCertificate.SerialNumber.ToUpperInvariant(), secondCertificate.GetRSAPublicKey()!, second.ApiV3Key));
        var simulator = await SimulatorHost.StartAsync(options);
        var settings = Settings(await RedisServer.SharedAsync(), test, more:
        [
            .. Orders(nonFinalTtl: "00:05:00"),
            ($"EdgeGateway:Merchants:{SecondMchId}:CertificateSerial", second.MerchantCertificateSerial),
            ($"EdgeGateway:Merchants:{SecondMchId}:PrivateKeyFile", second.MerchantPrivateKeyPath),
            ($"EdgeGateway:Merchants:{SecondMchId}:ApiV3KeyFile", second.ApiV3KeyPath),
            // The simulator answers every merchant under its one platform certificate.
            ($"EdgeGateway:Merchants:{SecondMchId}:PlatformCertificateFiles:0", first.PlatformCertificatePath),
            ("EdgeGateway:Callers:first-only:ApiKeySha256", GatewayTestHost.HashApiKey(OnlyFirstKey)),
            ("EdgeGateway:Callers:first-only:Groups:0", "queries"),
            ("EdgeGateway:Callers:first-only:MchIds:0", first.MchId),
        ]);
        return await GatewayTestHost.StartAsync(settings, simulator);
    }
}
