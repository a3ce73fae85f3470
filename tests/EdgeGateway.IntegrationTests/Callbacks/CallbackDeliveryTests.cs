using System.Net;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>Delivery failures: retries, dead letters and their replay, Redis outages at ingress, the in-memory store.</summary>
public sealed class CallbackDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task TargetKeepsFailing_EventIsDeadLettered_ThenReplayedOneAndAll_AndDelivered(string topology)
    {
        await using var receiver = await CallbackReceiver.StartAsync(status: 500);
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, await RedisTopologies.SharedAsync(topology), nameof(TargetKeepsFailing_EventIsDeadLettered_ThenReplayedOneAndAll_AndDelivered),
            ("EdgeGateway:Callbacks:MaxAttempts", "3")));
        var first = Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, first)).Status);

        var letters = await WaitForDeadLettersAsync(host, 1);

        var letter = letters.Single()!;
        Assert.Equal(IdOf(first), (string?)letter["id"]);
        Assert.Equal(Name, (string?)letter["name"]);
        Assert.Equal(3, (int?)letter["attempts"]);
        Assert.Equal("the target answered HTTP 500", (string?)letter["last_error"]);
        Assert.Null(letter["resource"]); // the listing shows no payload
        Assert.Equal(3, receiver.Received.Count);
        // The event is in the dead-letter list a moment before the worker logs it.
        Assert.True(await EventuallyAsync(() => Task.FromResult(host.Logs.Entries.Any(e => e.EventId.Id == 1442 && e.Message.Contains(IdOf(first), StringComparison.Ordinal))), Patience),
            "the dead-lettering was not logged (event 1442)");

        receiver.Status = 200;
        using (var replay = await host.ManagementClient.PostAsync($"/callbacks/dead-letters/{(string?)letter["entry_id"]}/replay", null))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal(1, (int?)JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["replayed"]);
        }

        Assert.True(await receiver.WaitForProcessedAsync(1, Patience), "the replayed event was not delivered");
        Assert.Equal("1", receiver.Processed[IdOf(first)].Attempt); // a replay starts a fresh attempt count
        using (var again = await host.ManagementClient.PostAsync($"/callbacks/dead-letters/{(string?)letter["entry_id"]}/replay", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        receiver.Status = 503;
        var more = Enumerable.Range(0, 3).Select(_ => Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo()))).ToList();
        foreach (var envelope in more)
        {
            Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, envelope)).Status);
        }

        await WaitForDeadLettersAsync(host, 3);
        receiver.Status = 200;
        using (var replayAll = await host.ManagementClient.PostAsync("/callbacks/dead-letters/replay", null))
        {
            Assert.Equal(3, (int?)JsonNode.Parse(await replayAll.Content.ReadAsStringAsync())!["replayed"]);
        }

        Assert.True(await receiver.WaitForProcessedAsync(4, Patience));
        Assert.Equal(more.Select(IdOf).Append(IdOf(first)).Order(), receiver.Processed.Keys.Order());
        var stats = JsonNode.Parse(await host.ManagementClient.GetStringAsync("/callbacks/stats"))!;
        Assert.Equal("redis", (string?)stats["store"]);
        Assert.Equal(0, (long?)stats["dead_letters"]);
    }

    [Fact]
    public async Task RedisDownAtIngress_Answers500Fail_AndTheSameCallbackRetriedLaterIsAccepted()
    {
        await using var redis = await RedisServer.StartDedicatedAsync();
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, redis, nameof(RedisDownAtIngress_Answers500Fail_AndTheSameCallbackRetriedLaterIsAccepted)));
        var warmUp = Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, warmUp)).Status);
        Assert.True(await receiver.WaitForProcessedAsync(1, Patience));

        await redis.KillAsync();
        var envelope = Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo()));
        var refused = await SendAsync(host.Simulator, host.Address, envelope);

        Assert.Equal(500, refused.Status);
        Assert.Equal("""{"code":"FAIL","message":"the callback could not be stored; send it again"}""", refused.Body);

        await redis.StartAsync();
        var accepted = await EventuallyAsync(async () => (await SendAsync(host.Simulator, host.Address, envelope)).Status == 204, Patience);
        Assert.True(accepted, "the callback was never accepted after Redis came back");
        Assert.True(await receiver.WaitForProcessedAsync(2, Patience), "the callback accepted after the outage was not delivered");
        await Task.Delay(300);
        Assert.Single(receiver.Received, r => r.IdempotencyKey == IdOf(envelope));
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task ABurstIsDeliveredAsTheTargetTakesIt_NotOnePollIntervalPerBusySlot(string topology)
    {
        // The longest poll interval allowed and a single slot. The worker used to sleep a whole poll interval
        // whenever its slots were all busy, and to hear of new callbacks only by polling: six took a minute.
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(200);
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, await RedisTopologies.SharedAsync(topology), nameof(ABurstIsDeliveredAsTheTargetTakesIt_NotOnePollIntervalPerBusySlot),
            ("EdgeGateway:Callbacks:PollInterval", "00:00:10"), ("EdgeGateway:Callbacks:Concurrency", "1")));
        var envelopes = Enumerable.Range(0, 6).Select(_ => Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo()))).ToList();

        foreach (var envelope in envelopes)
        {
            Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, envelope)).Status);
        }

        Assert.True(await receiver.WaitForProcessedAsync(envelopes.Count, TimeSpan.FromSeconds(20)),
            $"{receiver.Processed.Count} of {envelopes.Count} delivered within 20 s; the worker waited on its poll interval");
        Assert.Equal(envelopes.Select(IdOf).Order(), receiver.Processed.Keys.Order());
    }

    [Fact]
    public async Task WithoutRedis_CallbacksAreDeliveredFromMemory_AndTheLossRiskIsLogged()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(Settings(receiver.Url, redis: null, nameof(WithoutRedis_CallbacksAreDeliveredFromMemory_AndTheLossRiskIsLogged)));
        var envelope = Envelope(host.Simulator, Transaction(Payloads.NewOutTradeNo()));

        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, envelope)).Status);
        Assert.Equal(204, (await SendAsync(host.Simulator, host.Address, envelope)).Status);

        Assert.True(await receiver.WaitForProcessedAsync(1, Patience));
        await Task.Delay(300);
        Assert.Single(receiver.Received);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 1450 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        var stats = JsonNode.Parse(await host.ManagementClient.GetStringAsync("/callbacks/stats"))!;
        Assert.Equal("memory", (string?)stats["store"]);
    }

    [Theory]
    [MemberData(nameof(RedisTopologies.Both), MemberType = typeof(RedisTopologies))]
    public async Task GracefulStop_DeliveryStillHanging_IsPutBackAndDeliveredByTheNextInstance(string topology)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMinutes(2);
        var settings = Settings(receiver.Url, await RedisTopologies.SharedAsync(topology), nameof(GracefulStop_DeliveryStillHanging_IsPutBackAndDeliveredByTheNextInstance),
            ("EdgeGateway:Callbacks:DeliveryTimeout", "00:00:20"), ("EdgeGateway:Callbacks:OrphanClaimAfter", "00:05:00"),
            ("EdgeGateway:Callbacks:ShutdownGrace", "00:00:01"));
        var first = await GatewayTestHost.StartAsync(settings);
        var envelope = Envelope(first.Simulator, Transaction(Payloads.NewOutTradeNo()));
        Assert.Equal(204, (await SendAsync(first.Simulator, first.Address, envelope)).Status);
        Assert.True(await receiver.WaitForReceivedAsync(1, Patience), "the delivery did not start");

        await first.DisposeAsync(); // graceful stop while the delivery hangs

        Assert.Contains(first.Logs.Entries, e => e.EventId.Id == 1446 && e.Message.Contains(IdOf(envelope), StringComparison.Ordinal));
        receiver.Delay = TimeSpan.Zero;
        await using var second = await GatewayTestHost.StartAsync(settings);
        Assert.True(await receiver.WaitForProcessedAsync(1, Patience), "the put-back event was not delivered by the next instance");
        Assert.Equal("1", receiver.Processed[IdOf(envelope)].Attempt); // an interrupted attempt does not count
    }

    private static async Task<JsonArray> WaitForDeadLettersAsync(GatewayTestHost host, int count)
    {
        JsonArray items = [];
        var found = await EventuallyAsync(async () =>
        {
            items = JsonNode.Parse(await host.ManagementClient.GetStringAsync("/callbacks/dead-letters"))!["items"]!.AsArray();
            return items.Count >= count;
        }, Patience);
        Assert.True(found, $"expected {count} dead letter(s), found {items.Count}");
        return items;
    }
}
