using System.Text.Json;
using EdgeGateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>
/// A verified callback is always accepted: once the signature verifies and the resource decrypts, whatever the
/// plaintext holds it is answered 204 and delivered exactly once, through Redis and through the in-memory store.
/// </summary>
public abstract class VerifiedResourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private CallbackReceiver _receiver = null!;
    private GatewayTestHost _host = null!;

    /// <summary>Label, the decrypted resource as sealed, and whether it is one JSON value (else it arrives as <c>resource_text</c>).</summary>
    public static TheoryData<string, string, bool> Resources => new()
    {
        { "lone surrogate in transaction_id", """{"out_trade_no":"T20261206001","transaction_id":"\ud83d","trade_state":"SUCCESS"}""", true },
        { "lone surrogate in out_trade_no", """{"out_trade_no":"\ud83d","transaction_id":"4200000001","trade_state":"SUCCESS"}""", true },
        { "200 levels deep", """{"out_trade_no":"T20261206002","extra":""" + Nested(200) + "}", true },
        { "200 levels deep at the root", Nested(200), true },
        { "huge numbers", """{"out_trade_no":"T20261206003","amount":{"total":1e400,"payer_total":123456789012345678901234567890}}""", true },
        { "missing fields", """{"trade_state":"SUCCESS"}""", true },
        { "a JSON array", """[{"out_trade_no":"T20261206004"}]""", true },
        { "a bare JSON string", "\"T20261206005\"", true },
        { "not JSON at all", "paid: T20261206006, 支付成功", false },
        { "empty", "", false },
    };

    protected abstract bool UseRedis { get; }

    public async Task InitializeAsync()
    {
        _receiver = await CallbackReceiver.StartAsync();
        _host = await GatewayTestHost.StartAsync(Settings(_receiver.Url, UseRedis ? await RedisServer.SharedAsync() : null, GetType().Name));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Notify_VerifiedResourceOfAnyShape_Is204AndDeliveredOnceVerbatim(string label, string resource, bool isJson)
    {
        var envelope = _host.Simulator.Callbacks.BuildEnvelope(Merchant(_host.Simulator), "TRANSACTION.SUCCESS", "transaction", "支付成功", resource);

        var outcome = await SendAsync(_host.Simulator, _host.Address, envelope);

        Assert.True(outcome.Status == 204, $"{label}: answered {outcome.Status} {outcome.Body}");
        Assert.True(await _receiver.WaitForProcessedAsync(1, Patience), $"{label}: not delivered");
        await Task.Delay(500); // room for a second delivery, which must not come
        var delivered = Assert.Single(_receiver.Received);
        Assert.Equal(IdOf(envelope), delivered.IdempotencyKey);
        using var body = JsonDocument.Parse(delivered.Body, new JsonDocumentOptions { MaxDepth = 1000 });
        var root = body.RootElement;
        if (isJson)
        {
            Assert.Equal(resource, root.GetProperty("resource").GetRawText());
            Assert.False(root.TryGetProperty("resource_text", out _), label);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, root.GetProperty("resource").ValueKind);
            Assert.Equal(resource, root.GetProperty("resource_text").GetString());
        }

        // Nothing on the way failed quietly either: no refusal, no failed side step, no error anywhere.
        Assert.DoesNotContain(_host.Logs.Entries, e => e.Level >= LogLevel.Error
            || (e.Level >= LogLevel.Warning && e.Category.EndsWith(".CallbackIngress", StringComparison.Ordinal)));
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}

/// <summary>The same through the Redis stream, retry set and consumer group.</summary>
public sealed class RedisVerifiedResourceTests : VerifiedResourceTests
{
    protected override bool UseRedis => true;
}

/// <summary>The same through the in-memory store (its twin).</summary>
public sealed class InMemoryVerifiedResourceTests : VerifiedResourceTests
{
    protected override bool UseRedis => false;
}
