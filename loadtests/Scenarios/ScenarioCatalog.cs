using System.Globalization;
using System.Net;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Scenarios;

/// <summary>The scenarios the runner knows, by name.</summary>
public static class ScenarioCatalog
{
    public const string CallbackStorm = "callback-storm";

    /// <summary>The callback route the callback storm posts to (configured on the gateway for that run).</summary>
    public const string CallbackRouteName = "loadtest";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["create-jsapi"] = "POST /v3/pay/transactions/jsapi with a new out_trade_no each time",
        ["query-order"] = "GET /v3/pay/transactions/out-trade-no/{no}?mchid= over 200 existing orders",
        ["mixed"] = "60 % queries, 30 % JSAPI prepays, 10 % refunds of paid orders",
        ["quota-abuse"] = "JSAPI prepays all from one payer: the per-payer quota answers 429 beyond its limit (429 counts as intended)",
        [CallbackStorm] = "WeChat Pay's TRANSACTION.SUCCESS callbacks, encrypted and signed, POSTed to the gateway; every accepted one must reach the internal service (gateway target only)",
        ["breaker-drill"] = "queries while the simulator fails every query for a while (faults via its control endpoint)",
    };

    public static async Task<Scenario> CreateAsync(string name, ScenarioTarget target, SignedRequests requests, CancellationToken cancellationToken)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        switch (name)
        {
            case "create-jsapi":
                return new Scenario(name, Descriptions[name], (n, ct) =>
                    SendAsync(target, requests.Create(HttpMethod.Post, "/v3/pay/transactions/jsapi",
                        SignedRequests.JsapiBody(requests.MchId, $"L{run}C{n}"), target.CallerSigns), ct));
            case "query-order":
            {
                var orders = await CreateOrdersAsync(target, requests, $"L{run}Q", 200, cancellationToken);
                return new Scenario(name, Descriptions[name], (n, ct) =>
                    SendAsync(target, requests.Create(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/{orders[(int)(n % orders.Count)]}?mchid={requests.MchId}",
                        null, target.CallerSigns), ct));
            }

            case "mixed":
            {
                // Refunds of 1 fen spread over every paid order, each of 10 000 CNY: room for 100 million of them.
                const long total = 1_000_000;
                var orders = await CreateOrdersAsync(target, requests, $"L{run}M", 100, cancellationToken, total);
                foreach (var order in orders)
                {
                    using var pay = new HttpClient();
                    (await pay.PostAsync(new Uri(target.SimulatorAddress, $"/simulator/orders/{requests.MchId}/{order}/pay"), null, cancellationToken)).Dispose();
                }

                return new Scenario(name, Descriptions[name], (n, ct) =>
                {
                    var order = orders[(int)(n % orders.Count)];
                    return (n % 10) switch
                    {
                        < 6 => SendAsync(target, requests.Create(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/{order}?mchid={requests.MchId}", null, target.CallerSigns), ct),
                        < 9 => SendAsync(target, requests.Create(HttpMethod.Post, "/v3/pay/transactions/jsapi", SignedRequests.JsapiBody(requests.MchId, $"L{run}X{n}"), target.CallerSigns), ct),
                        _ => SendAsync(target, requests.Create(HttpMethod.Post, "/v3/refund/domestic/refunds",
                            $$$"""{"out_trade_no":"{{{orders[(int)(n / 10 % orders.Count)]}}}","out_refund_no":"R{{{run}}}{{{n}}}","amount":{"refund":1,"total":{{{total}}},"currency":"CNY"}}""", target.CallerSigns), ct),
                    };
                });
            }

            case "quota-abuse":
            {
                var payer = $"oLoadAbuser{run}";
                return new Scenario(name, Descriptions[name], (n, ct) =>
                    SendAsync(target, requests.Create(HttpMethod.Post, "/v3/pay/transactions/jsapi",
                        SignedRequests.JsapiBody(requests.MchId, $"L{run}A{n}", payer), target.CallerSigns), ct))
                {
                    IsSuccess = o => o.Status is >= 200 and < 300 or 429,
                };
            }

            case CallbackStorm:
            {
                if (target.Name != "gateway")
                {
                    throw new ArgumentException($"{CallbackStorm} runs against the gateway only (it is the gateway's callback ingress).");
                }

                var callbacks = new SignedCallbacks(requests.Keys);
                callbacks.Prepare(target.PlannedRequests);
                return new Scenario(name, Descriptions[name], (_, ct) => SendAsync(target, callbacks.Next().ToRequest($"/notify/{CallbackRouteName}"), ct));
            }

            case "breaker-drill":
            {
                var orders = await CreateOrdersAsync(target, requests, $"L{run}B", 50, cancellationToken);
                _ = DrillFaultsAsync(target.SimulatorAddress, cancellationToken);
                return new Scenario(name, Descriptions[name], (n, ct) =>
                    SendAsync(target, requests.Create(HttpMethod.Get, $"/v3/pay/transactions/out-trade-no/{orders[(int)(n % orders.Count)]}?mchid={requests.MchId}",
                        null, target.CallerSigns), ct))
                {
                    // During the drill 503 CIRCUIT_OPEN is the intended answer, not a failure of the run.
                    IsSuccess = o => o.Status is >= 200 and < 300 or 503,
                };
            }

            default:
                throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", Descriptions.Keys)}.");
        }
    }

    private static async Task<StepOutcome> SendAsync(ScenarioTarget target, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            return new StepOutcome((int)response.StatusCode);
        }
    }

    private static async Task<List<string>> CreateOrdersAsync(ScenarioTarget target, SignedRequests requests, string prefix, int count, CancellationToken cancellationToken,
        long total = 100)
    {
        var orders = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var no = $"{prefix}{i:D4}";
            using var request = requests.Create(HttpMethod.Post, "/v3/pay/transactions/jsapi", SignedRequests.JsapiBody(requests.MchId, no, total: total), target.CallerSigns);
            using var response = await target.Client.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Setting up orders failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            orders.Add(no);
        }

        return orders;
    }

    /// <summary>Fails every query on the simulator from second 5 to 15 of the run, then heals it.</summary>
    private static async Task DrillFaultsAsync(Uri simulator, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = simulator };
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        (await client.PutAsync("/simulator/faults", new StringContent("""{"serverErrorRate":1,"pathPrefix":"/v3/pay/transactions/out-trade-no/"}""",
            System.Text.Encoding.UTF8, "application/json"), cancellationToken)).Dispose();
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        (await client.DeleteAsync("/simulator/faults", cancellationToken)).Dispose();
    }
}
