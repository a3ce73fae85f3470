using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace EdgeGateway.Simulator.Store;

/// <summary>In-memory orders and refunds, keyed by merchant so that merchants never see each other's.</summary>
public sealed class PaymentStore
{
    private readonly ConcurrentDictionary<(string MchId, string OutTradeNo), Order> _orders = new();
    private readonly ConcurrentDictionary<(string MchId, string TransactionId), Order> _byTransactionId = new();
    private readonly ConcurrentDictionary<(string MchId, string OutRefundNo), Refund> _refunds = new();

    public Order GetOrAdd(Order candidate)
    {
        var order = _orders.GetOrAdd((candidate.MchId, candidate.OutTradeNo), candidate);
        _byTransactionId.TryAdd((order.MchId, order.TransactionId), order);
        return order;
    }

    public Order? FindOrder(string mchId, string outTradeNo) => _orders.GetValueOrDefault((mchId, outTradeNo));

    public Order? FindByTransactionId(string mchId, string transactionId) => _byTransactionId.GetValueOrDefault((mchId, transactionId));

    public Refund GetOrAdd(Refund candidate) => _refunds.GetOrAdd((candidate.MchId, candidate.OutRefundNo), candidate);

    public Refund? FindRefund(string mchId, string outRefundNo) => _refunds.GetValueOrDefault((mchId, outRefundNo));

    public Refund? FindRefundById(string mchId, string refundId) => _refunds.Values.FirstOrDefault(r => r.MchId == mchId && r.RefundId == refundId);

    public IEnumerable<Order> Orders => _orders.Values;

    public static string NewId(string prefix, int digits) => prefix + RandomNumberGenerator.GetString("0123456789", digits);
}
