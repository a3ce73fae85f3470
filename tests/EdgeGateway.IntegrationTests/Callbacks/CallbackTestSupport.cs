using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Callbacks;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>Settings and senders shared by the callback tests.</summary>
internal static class CallbackTestSupport
{
    public const string Name = "pay";

    /// <summary>A callback route <see cref="Name"/> to <paramref name="target"/>, quick retries, and Redis when given.</summary>
    public static Dictionary<string, string?> Settings(Uri target, IRedisTopology? redis, string test, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Callbacks:{Name}:MchId"] = TestKeys.Material.MchId,
            [$"Callbacks:{Name}:TargetUrl"] = target.ToString(),
            ["EdgeGateway:Callbacks:InitialBackoff"] = "00:00:00.100",
            ["EdgeGateway:Callbacks:MaxBackoff"] = "00:00:00.500",
            ["EdgeGateway:Callbacks:DeliveryTimeout"] = "00:00:03",
            ["EdgeGateway:Callbacks:OrphanClaimAfter"] = "00:00:06",
            ["EdgeGateway:Callbacks:PollInterval"] = "00:00:00.050",
            // On a loaded CI machine a cluster replica can confirm later than the production default (500 ms), and an
            // unconfirmed callback is answered 500 by design; these tests are about delivery, the replica wait has its
            // own (RedisCallbackShardTests, ClusterFailoverDrill). Below the 4 s ingress budget, as the settings require.
            ["EdgeGateway:Callbacks:ReplicaAckTimeout"] = "00:00:03",
        };
        if (redis is not null)
        {
            settings["EdgeGateway:Redis:Configuration"] = redis.Endpoint;
            settings["EdgeGateway:Redis:KeyPrefix"] = RedisServer.NewPrefix(test);
        }

        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        // A test that shortens the ingress budget gets a replica wait that still fits inside it.
        if (settings.GetValueOrDefault("EdgeGateway:Callbacks:IngressTimeout") is { } ingress && !more.Any(m => m.Key == "EdgeGateway:Callbacks:ReplicaAckTimeout")
            && TimeSpan.Parse(ingress, System.Globalization.CultureInfo.InvariantCulture) is var budget && budget <= TimeSpan.FromSeconds(3))
        {
            settings["EdgeGateway:Callbacks:ReplicaAckTimeout"] = (budget / 2).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>A paid transaction as WeChat Pay would put it into a TRANSACTION.SUCCESS resource.</summary>
    public static JsonObject Transaction(string outTradeNo) => new()
    {
        ["appid"] = "wxd678efh567hg6787",
        ["mchid"] = TestKeys.Material.MchId,
        ["out_trade_no"] = outTradeNo,
        ["transaction_id"] = "4200000" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999),
        ["trade_type"] = "JSAPI",
        ["trade_state"] = "SUCCESS",
        ["trade_state_desc"] = "支付成功",
        ["success_time"] = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        ["payer"] = new JsonObject { ["openid"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
        ["amount"] = new JsonObject { ["total"] = 100, ["payer_total"] = 100, ["currency"] = "CNY", ["payer_currency"] = "CNY" },
    };

    public static SimulatedMerchant Merchant(SimulatorHost simulator) => simulator.Options.Merchants[0];

    public static byte[] Envelope(SimulatorHost simulator, JsonObject resource, string? id = null) =>
        simulator.Callbacks.BuildEnvelope(Merchant(simulator), "TRANSACTION.SUCCESS", "transaction", "支付成功", resource, id);

    public static Uri NotifyUrl(Uri gateway, string name = Name) => new(gateway, "/notify/" + name);

    /// <summary>Sends a callback the way WeChat Pay does (signed by the simulator, spoiled by <paramref name="fault"/>).</summary>
    public static Task<CallbackOutcome> SendAsync(SimulatorHost simulator, Uri gateway, byte[] envelope, SignatureFault fault = SignatureFault.None, string name = Name) =>
        simulator.Callbacks.SendAsync(NotifyUrl(gateway, name), envelope, fault);

    /// <summary>Sends any body, signed with the simulator's current platform key, with extra headers.</summary>
    public static async Task<HttpResponseMessage> SendSignedAsync(SimulatorHost simulator, HttpClient client, byte[] body, string name = Name,
        IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notify/" + name) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signed = simulator.Signer.Sign(body, requestedSerial: null, SignatureFault.None)!.Value;
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Timestamp, signed.Timestamp);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Nonce, signed.Nonce);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Signature, signed.Signature);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Serial, signed.Serial);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.SignatureType, signed.SignatureType);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The notification id inside an envelope.</summary>
    public static string IdOf(byte[] envelope) => (string)JsonNode.Parse(envelope)!["id"]!;

    /// <summary>Polls until <paramref name="condition"/> holds; false on timeout (assert on it with a message).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
