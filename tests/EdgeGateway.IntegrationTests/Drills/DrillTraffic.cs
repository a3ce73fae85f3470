using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;
using static EdgeGateway.IntegrationTests.Callbacks.CallbackTestSupport;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Mixed traffic for a fault drill, bounded in count and time: payment callers that create JSAPI orders and query
/// them, and WeChat Pay sending callbacks. Callers follow the gateway's documented contract: a refusal that sent
/// nothing (409 in flight, 429, 503) is repeated with the identical body; an unknown outcome (no answer, 500, 502,
/// 504) is resolved by querying first, and the identical prepay is repeated only when WeChat Pay says the order does
/// not exist. WeChat Pay re-sends a callback until it is acknowledged (faster than its real schedule, to keep drills short).
/// </summary>
internal sealed class DrillTraffic : IAsyncDisposable
{
    private static readonly TimeSpan OrderBudget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CallbackBudget = TimeSpan.FromSeconds(90);
    private readonly DrillReport _report;
    private readonly Uri _gateway;
    private readonly SimulatorHost _wechatPay;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _work = [];
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new(StringComparer.Ordinal);
    private readonly List<Task> _loops = [];
    private int _orders;
    private int _unresolved;

    /// <param name="gateway">The gateway's public address.</param>
    /// <param name="wechatPay">The WeChat Pay stand-in that signs the callbacks (its API may be elsewhere).</param>
    public DrillTraffic(DrillReport report, Uri gateway, SimulatorHost wechatPay)
    {
        _report = report;
        _gateway = gateway;
        _wechatPay = wechatPay;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _client.DefaultRequestHeaders.Add("X-Api-Key", GatewayTestHost.DefaultApiKey);
    }

    /// <summary>Notification ids WeChat Pay got a 2xx for.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    /// <summary>Orders whose outcome the caller could not learn within the budget (should be none).</summary>
    public int Unresolved => _unresolved;

    public int Orders => _orders;

    /// <summary>Starts <paramref name="payers"/> payment callers and one callback every <paramref name="callbackInterval"/>.</summary>
    public void Start(int payers = 4, TimeSpan? callbackInterval = null)
    {
        for (var i = 0; i < payers; i++)
        {
            _loops.Add(Task.Run(PaymentLoopAsync));
        }

        _loops.Add(Task.Run(() => CallbackLoopAsync(callbackInterval ?? TimeSpan.FromMilliseconds(50))));
    }

    /// <summary>Stops starting new work and waits for every order and callback under way to settle (each within its budget).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        await Task.WhenAll(_work);
    }

    private async Task PaymentLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var order = OrderAsync(Payloads.NewOutTradeNo("DR"));
            _work.Add(order);
            await order;
            await Pause(20);
        }
    }

    private async Task OrderAsync(string outTradeNo)
    {
        Interlocked.Increment(ref _orders);
        var body = Payloads.JsapiPrepay(TestKeys.Material.MchId, outTradeNo, openId: "drill-" + outTradeNo).ToJsonString();
        var deadline = DateTime.UtcNow + OrderBudget;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await CallAsync("prepay", HttpMethod.Post, "/v3/pay/transactions/jsapi", body, success: a => a.Status == 200);
            if (answer.Status == 200)
            {
                await CallAsync("query", HttpMethod.Get, QueryPath(outTradeNo), null, IsQueryAnswer);
                return;
            }

            if (answer.FromGateway && answer.Status is 409 or 429 or 503)
            {
                await Pause(200); // nothing reached WeChat Pay: repeat the identical request
                continue;
            }

            if (answer is { FromGateway: false, Status: >= 400 and < 500 })
            {
                return; // WeChat Pay's own business answer: final
            }

            // Unknown outcome: query first (PROTOCOL.md §6.3), repeat only if WeChat Pay has no such order.
            var exists = await ResolveAsync(outTradeNo, deadline);
            if (exists is null)
            {
                Interlocked.Increment(ref _unresolved);
                return;
            }

            if (exists.Value)
            {
                return;
            }
        }

        Interlocked.Increment(ref _unresolved);
    }

    /// <summary>True when the order exists, false when WeChat Pay says it does not, null when that could not be learned in time.</summary>
    private async Task<bool?> ResolveAsync(string outTradeNo, DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            var answer = await CallAsync("query", HttpMethod.Get, QueryPath(outTradeNo), null, IsQueryAnswer);
            if (IsQueryAnswer(answer))
            {
                return answer.Status == 200;
            }

            await Pause(200);
        }

        return null;
    }

    private async Task CallbackLoopAsync(TimeSpan interval)
    {
        var sequence = 0;
        while (!_stop.IsCancellationRequested)
        {
            var envelope = Envelope(_wechatPay, Transaction(FormattableString.Invariant($"DRCB{Environment.TickCount64}{sequence++:D5}")));
            _work.Add(Task.Run(() => NotifyAsync(envelope)));
            await Pause((int)interval.TotalMilliseconds);
        }
    }

    private async Task NotifyAsync(byte[] envelope)
    {
        var deadline = DateTime.UtcNow + CallbackBudget;
        while (DateTime.UtcNow < deadline)
        {
            var outcome = await SendAsync(_wechatPay, _gateway, envelope);
            _report.Saw("callback", outcome.Status == 0 ? "no answer" : outcome.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Acknowledged);
            if (outcome.Acknowledged)
            {
                _acknowledged.TryAdd(IdOf(envelope), 0);
                return;
            }

            await Pause(200);
        }
    }

    private async Task<Answer> CallAsync(string kind, HttpMethod method, string path, string? body, Func<Answer, bool> success)
    {
        Answer answer;
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Payloads.Json(body) };
            using var response = await _client.SendAsync(request);
            var fromGateway = response.Headers.Contains("X-EdgeGateway-Error");
            var text = await response.Content.ReadAsStringAsync();
            var code = fromGateway || !response.IsSuccessStatusCode ? Code(text) : null;
            answer = new Answer((int)response.StatusCode, code, fromGateway);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            answer = new Answer(0, null, FromGateway: false);
        }

        _report.Saw(kind, answer.Label, success(answer));
        return answer;
    }

    /// <summary>A verified answer of WeChat Pay about the order: found (200) or ORDER_NOT_EXIST (404).</summary>
    private static bool IsQueryAnswer(Answer answer) => !answer.FromGateway && (answer.Status == 200 || answer is { Status: 404, Code: "ORDER_NOT_EXIST" });

    private static string QueryPath(string outTradeNo) => $"/v3/pay/transactions/out-trade-no/{outTradeNo}?mchid={TestKeys.Material.MchId}";

    private static string? Code(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["code"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static Task Pause(int milliseconds) => Task.Delay(milliseconds);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
        _client.Dispose();
    }

    /// <summary>An answer as the caller saw it: status (0: no answer), error code, and whether the gateway itself produced it.</summary>
    private sealed record Answer(int Status, string? Code, bool FromGateway)
    {
        public string Label => Status == 0 ? "no answer"
            : Code is not null && Status >= 400 ? FormattableString.Invariant($"{Status} {Code}")
            : Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
