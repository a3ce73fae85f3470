using System.Text.Json.Nodes;
using EdgeGateway.Caching;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;
using static EdgeGateway.IntegrationTests.Caching.StatusCacheTestSupport;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>
/// Concurrent identical polls share one upstream call (the cache is switched off here — TTLs 0 — so only coalescing
/// can explain the counts), and so do its failures; a waiting request leaves on its own terms.
/// </summary>
public sealed class CoalescingTests
{
    private static readonly (string, string?)[] CoalesceOnly = [.. Orders(nonFinalTtl: "00:00:00", finalTtl: "00:00:00"),
        // Long enough for a slow simulator answer to be the thing the polls wait for, not their own timeout.
        ("ReverseProxy:Routes:pay-query-by-out-trade-no:Timeout", "00:00:30")];

    [Fact]
    public async Task HundredConcurrentPolls_ReachTheSimulatorOnce_AndAllGetTheSameBody()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(HundredConcurrentPolls_ReachTheSimulatorOnce_AndAllGetTheSameBody), more: CoalesceOnly));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.coalesced", "edgegateway.status_cache.upstream_saved");
        var outTradeNo = await CreateOrderAsync(host);
        // The simulator holds its answer long enough for every poll to arrive while the first is upstream.
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 4000, PathPrefix = OrderQueryPrefix };

        var polls = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo))));

        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
        Assert.All(polls, p => Assert.Equal(200, p.Status));
        Assert.Single(polls.Select(p => p.Body).Distinct());
        Assert.Equal("NOTPAY", StateOf(polls[0]));
        Assert.Single(polls.Select(p => p.Headers["Wechatpay-Signature"]).Distinct()); // the one verified answer, signature and all
        Assert.All(polls, p => Assert.Equal("verified", p.Headers["X-EdgeGateway-Signature"])); // followers say so too
        Assert.Equal(1, polls.Count(p => p.Cache == "miss"));
        Assert.Equal(99, polls.Count(p => p.Cache == "coalesced"));
        Assert.Equal(99, metrics.Of("edgegateway.status_cache.coalesced").Where(m => m.Tag("outcome") == "shared").Sum(m => m.Value));
        Assert.Equal(99, metrics.Of("edgegateway.status_cache.upstream_saved").Where(m => m.Tag("mechanism") == "coalescing").Sum(m => m.Value));
    }

    [Fact]
    public async Task ConcurrentPolls_ShareAServerError_NeverTurnedIntoASuccess()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(ConcurrentPolls_ShareAServerError_NeverTurnedIntoASuccess), more: [.. CoalesceOnly, NoRetries]));
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 3000, ServerErrorRate = 1, PathPrefix = OrderQueryPrefix };

        var polls = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo))));

        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
        Assert.All(polls, p => Assert.Equal(500, p.Status));
        Assert.All(polls, p => Assert.Equal("SYSTEM_ERROR", (string?)JsonNode.Parse(p.Body)!["code"]));
        Assert.Equal(19, polls.Count(p => p.Cache == "coalesced"));
    }

    [Fact]
    public async Task ConcurrentPolls_ShareAnUnverifiableAnswer_As502WithTheBodyWithheld()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(ConcurrentPolls_ShareAnUnverifiableAnswer_As502WithTheBodyWithheld), more: CoalesceOnly));
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 3000, SignatureFault = SignatureFault.Tamper, PathPrefix = OrderQueryPrefix };

        var polls = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo))));

        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
        Assert.All(polls, p => Assert.Equal(502, p.Status));
        Assert.All(polls, p => Assert.Equal("UPSTREAM_SIGNATURE_INVALID", (string?)JsonNode.Parse(p.Body)!["code"]));
        Assert.All(polls, p => Assert.Equal("true", p.Headers["X-EdgeGateway-Error"]));
        Assert.All(polls, p => Assert.DoesNotContain("NOTPAY", p.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConcurrentPolls_SlowerThanTheRouteTimeout_AllGet504()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(ConcurrentPolls_SlowerThanTheRouteTimeout_AllGet504),
            more: [.. Orders(nonFinalTtl: "00:00:00", finalTtl: "00:00:00"), ("ReverseProxy:Routes:pay-query-by-out-trade-no:Timeout", "00:00:02"), NoRetries]));
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 20_000, PathPrefix = OrderQueryPrefix };

        var polls = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo))));

        Assert.All(polls, p => Assert.Equal(504, p.Status));
        Assert.All(polls, p => Assert.Equal("UPSTREAM_TIMEOUT", (string?)JsonNode.Parse(p.Body)!["code"]));

        // The simulator logs the abandoned call when it notices the abort, which can be just after the 504s went out.
        for (var i = 0; i < 50 && Upstream(host.Simulator, outTradeNo) == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
    }

    [Fact]
    public async Task CancelledFollowers_LeaveWithoutDisturbingTheOthers()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(CancelledFollowers_LeaveWithoutDisturbingTheOthers), more: CoalesceOnly));
        using var metrics = new MeasurementRecorder(host, "edgegateway.status_cache.coalesced");
        var coalescer = host.Service<RequestCoalescer>();
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 5000, PathPrefix = OrderQueryPrefix };
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        var leader = PollAsync(host.Client, path);
        Assert.True(await EventuallyAsync(() => coalescer.InFlight == 1, TimeSpan.FromSeconds(10)));
        using var leaving = new CancellationTokenSource();
        var staying = Enumerable.Range(0, 5).Select(_ => PollAsync(host.Client, path)).ToList();
        var cancelled = Enumerable.Range(0, 5).Select(_ => PollAsync(host.Client, path, cancellationToken: leaving.Token)).ToList();
        Assert.True(await EventuallyAsync(() => coalescer.Waiting == 10, TimeSpan.FromSeconds(10)), "the followers did not all wait");
        await leaving.CancelAsync();
        foreach (var poll in cancelled)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        }

        var answers = await Task.WhenAll(staying.Append(leader));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(1, Upstream(host.Simulator, outTradeNo));
        Assert.True(await EventuallyAsync(() => metrics.Of("edgegateway.status_cache.coalesced").Count(m => m.Tag("outcome") == "cancelled") == 5, TimeSpan.FromSeconds(10)));
        Assert.Equal(5, metrics.Of("edgegateway.status_cache.coalesced").Count(m => m.Tag("outcome") == "shared"));
    }

    [Fact]
    public async Task CancelledLeader_TheFollowersStartOver_AndStillGetAVerifiedAnswer()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(CancelledLeader_TheFollowersStartOver_AndStillGetAVerifiedAnswer), more: CoalesceOnly));
        var coalescer = host.Service<RequestCoalescer>();
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 3000, PathPrefix = OrderQueryPrefix };
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        using var leaving = new CancellationTokenSource();
        var leader = PollAsync(host.Client, path, cancellationToken: leaving.Token);
        Assert.True(await EventuallyAsync(() => coalescer.InFlight == 1, TimeSpan.FromSeconds(10)));
        var followers = Enumerable.Range(0, 5).Select(_ => PollAsync(host.Client, path)).ToList();
        Assert.True(await EventuallyAsync(() => coalescer.Waiting == 5, TimeSpan.FromSeconds(10)), "the followers did not all wait");
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);

        var answers = await Task.WhenAll(followers);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal("NOTPAY", StateOf(answers[0]));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        // The abandoned call and the one a follower made instead: the other four still shared it.
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
        Assert.Equal(1, answers.Count(a => a.Cache == "miss"));
    }

    [Fact]
    public async Task NoCache_NeverJoinsAFlightAlreadyOnItsWay()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(NoCache_NeverJoinsAFlightAlreadyOnItsWay), more: CoalesceOnly));
        var coalescer = host.Service<RequestCoalescer>();
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 2000, PathPrefix = OrderQueryPrefix };
        var path = OrderPath(host.Keys.MchId, outTradeNo);

        var first = PollAsync(host.Client, path);
        Assert.True(await EventuallyAsync(() => coalescer.InFlight == 1, TimeSpan.FromSeconds(10)));
        var fresh = await PollAsync(host.Client, path, noCache: true);
        await first;

        Assert.Equal(200, fresh.Status);
        Assert.Equal("bypass", fresh.Cache);
        Assert.Equal(2, Upstream(host.Simulator, outTradeNo));
    }

    [Fact]
    public async Task CoalesceOff_EveryConcurrentPollGoesUpstream()
    {
        await using var host = await GatewayTestHost.StartAsync(Settings(await RedisServer.SharedAsync(), nameof(CoalesceOff_EveryConcurrentPollGoesUpstream),
            more: Orders(nonFinalTtl: "00:00:00", finalTtl: "00:00:00", coalesce: false)));
        var outTradeNo = await CreateOrderAsync(host);
        host.Simulator.Faults.Current = new FaultSettings { LatencyMs = 500, PathPrefix = OrderQueryPrefix };

        var polls = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PollAsync(host.Client, OrderPath(host.Keys.MchId, outTradeNo))));

        Assert.All(polls, p => Assert.Equal(200, p.Status));
        Assert.All(polls, p => Assert.Equal("miss", p.Cache));
        Assert.Equal(10, Upstream(host.Simulator, outTradeNo));
    }
}
