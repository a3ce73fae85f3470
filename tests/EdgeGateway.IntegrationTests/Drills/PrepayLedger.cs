using System.Collections.Concurrent;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// Which prepays WeChat Pay's side processed, per lifetime of the stand-in. The stand-in keeps orders in memory, so
/// after it was killed and restarted it truthfully answers ORDER_NOT_EXIST for an order of its previous life, and a
/// caller following the contract repeats that prepay: the same out_trade_no in two lifetimes is that recovery, not
/// a double submission. Twice within one lifetime is one: the gateway (or a caller) sent a payment again while
/// WeChat Pay already had it.
/// </summary>
internal sealed class PrepayLedger
{
    private static readonly string[] PrepayPaths = ["/v3/pay/transactions/jsapi", "/v3/pay/transactions/app", "/v3/pay/transactions/h5", "/v3/pay/transactions/native"];
    private readonly ConcurrentQueue<(int Lifetime, ProcessedRequest Request)> _processed = new();

    private SimulatorProcess? _process;

    /// <summary>Follows an in-process stand-in (lifetime 0).</summary>
    public void Follow(SimulatorHost simulator) => simulator.Processed += request => Add(0, request);

    /// <summary>Follows a stand-in process through its journals, one lifetime per start (read when counted).</summary>
    public void Follow(SimulatorProcess process) => _process = process;

    public void Add(int lifetime, ProcessedRequest request)
    {
        if (IsPrepay(request))
        {
            _processed.Enqueue((lifetime, request));
        }
    }

    private static bool IsPrepay(ProcessedRequest request) =>
        request.Method == "POST" && PrepayPaths.Contains(request.Path, StringComparer.Ordinal) && request.OutTradeNo is not null;

    private IEnumerable<(int Lifetime, ProcessedRequest Request)> All =>
        _processed.Concat(_process?.Processed().Where(p => IsPrepay(p.Request)) ?? []);

    public int Count => All.Count();

    /// <summary>out_trade_no values processed more than once within one lifetime of the stand-in.</summary>
    public IReadOnlyList<string> DoubleSubmitted =>
        [.. All.GroupBy(p => (p.Lifetime, p.Request.OutTradeNo)).Where(g => g.Count() > 1).Select(g => g.Key.OutTradeNo!).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>out_trade_no values processed in more than one lifetime (repeated after ORDER_NOT_EXIST from the restarted stand-in).</summary>
    public int RepeatedAfterRestart =>
        All.GroupBy(p => p.Request.OutTradeNo).Count(g => g.Select(p => p.Lifetime).Distinct().Count() > 1);
}
