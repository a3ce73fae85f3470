using System.Net.Http.Headers;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>Settings, orders and polls shared by the status cache and coalescing tests.</summary>
internal static class StatusCacheTestSupport
{
    public const string CallbackName = "pay";
    public const string OrderQueryPrefix = "/v3/pay/transactions/out-trade-no/";
    public const string CacheHeader = "X-EdgeGateway-Cache";

    /// <summary>Redis (when given) under a fresh prefix, a callback route to <paramref name="receiver"/>, and <paramref name="more"/>.</summary>
    public static Dictionary<string, string?> Settings(IRedisTopology? redis, string test, Uri? receiver = null, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Callbacks:{CallbackName}:MchId"] = TestKeys.Material.MchId,
            [$"Callbacks:{CallbackName}:TargetUrl"] = (receiver ?? new Uri("http://127.0.0.1:9/wechatpay/notify")).ToString(),
            // Deliveries are not what these tests look at; keep the worker's retries slow and quiet.
            ["EdgeGateway:Callbacks:InitialBackoff"] = "00:01:00",
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

        return settings;
    }

    /// <summary>No query retries: a poll is then exactly one upstream call even when the simulator fails it.</summary>
    public static readonly (string, string?) NoRetries = ("Policies:Retries:queries:MaxRetries", "0");

    /// <summary>Closes and refunds go on unguarded while Redis is away (the duplicate guard fails closed by default).</summary>
    public static readonly (string, string?) GuardFailsOpen = ("Policies:DuplicateGuards:payments:OnRedisFailure", "FailOpen");

    /// <summary>Policy overrides for the shipped <c>orders</c> status cache.</summary>
    public static (string, string?)[] Orders(string? nonFinalTtl = null, string? finalTtl = null, bool? coalesce = null)
    {
        var overrides = new List<(string, string?)>();
        if (nonFinalTtl is not null)
        {
            overrides.Add(("Policies:StatusCaches:orders:NonFinalTtl", nonFinalTtl));
        }

        if (finalTtl is not null)
        {
            overrides.Add(("Policies:StatusCaches:orders:FinalTtl", finalTtl));
        }

        if (coalesce is not null)
        {
            overrides.Add(("Policies:StatusCaches:orders:Coalesce", coalesce.Value ? "true" : "false"));
        }

        return [.. overrides];
    }

    /// <summary>Creates a JSAPI order (NOTPAY) through the gateway; returns its out_trade_no.</summary>
    public static async Task<string> CreateOrderAsync(GatewayTestHost host, string? mchId = null, long total = 100, string? notifyUrl = null, string? outTradeNo = null)
    {
        outTradeNo ??= Payloads.NewOutTradeNo("SC");
        var body = Payloads.JsapiPrepay(mchId ?? host.Keys.MchId, outTradeNo, total);
        if (notifyUrl is not null)
        {
            body["notify_url"] = notifyUrl;
        }

        using var response = await host.Client.PostAsync("/v3/pay/transactions/jsapi", Payloads.Json(body));
        response.EnsureSuccessStatusCode();
        return outTradeNo;
    }

    public static string OrderPath(string mchId, string outTradeNo) => $"{OrderQueryPrefix}{outTradeNo}?mchid={mchId}";

    /// <summary>One poll of <paramref name="path"/>; the body is read before returning.</summary>
    public static async Task<Poll> PollAsync(HttpClient client, string path, bool noCache = false, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Poll((int)response.StatusCode, body,
            response.Headers.TryGetValues(CacheHeader, out var cache) ? cache.Single() : null,
            response.Headers.Age,
            response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Order queries of <paramref name="outTradeNo"/> that reached the simulator.</summary>
    public static int Upstream(SimulatorHost simulator, string outTradeNo) => simulator.CountRequests("GET", OrderQueryPrefix + outTradeNo);

    /// <summary>Changes the order's state in the simulator without any callback (as if the payer paid and the callback were late).</summary>
    public static void SetStateSilently(SimulatorHost simulator, string mchId, string outTradeNo, string state)
    {
        var order = simulator.Store.FindOrder(mchId, outTradeNo) ?? throw new InvalidOperationException("no such order");
        lock (order)
        {
            order.TradeState = state;
            order.SuccessTime ??= DateTimeOffset.UtcNow;
        }
    }

    public static string? StateOf(Poll poll) => (string?)System.Text.Json.Nodes.JsonNode.Parse(poll.Body)?["trade_state"];

    /// <summary>Polls until <paramref name="condition"/> holds; false on timeout.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public sealed record Poll(int Status, string Body, string? Cache, TimeSpan? Age, IReadOnlyDictionary<string, string> Headers);
}
