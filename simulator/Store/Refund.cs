using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Store;

/// <summary>A refund created through /v3/refund/domestic/refunds.</summary>
public sealed class Refund
{
    public required string MchId { get; init; }
    public required string OutRefundNo { get; init; }
    public required string RefundId { get; init; }
    public required string OutTradeNo { get; init; }
    public required string TransactionId { get; init; }
    public required long RefundAmount { get; init; }
    public required long Total { get; init; }
    public required string Currency { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public string? NotifyUrl { get; init; }
    public required string CreationFingerprint { get; init; }
    public string Status { get; set; } = "PROCESSING";

    public JsonObject ToJson() => new()
    {
        ["refund_id"] = RefundId,
        ["out_refund_no"] = OutRefundNo,
        ["transaction_id"] = TransactionId,
        ["out_trade_no"] = OutTradeNo,
        ["channel"] = "ORIGINAL",
        ["user_received_account"] = "支付用户零钱",
        ["create_time"] = CreateTime.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        ["status"] = Status,
        ["funds_account"] = "AVAILABLE",
        ["amount"] = new JsonObject
        {
            ["total"] = Total,
            ["refund"] = RefundAmount,
            ["payer_total"] = Total,
            ["payer_refund"] = RefundAmount,
            ["settlement_refund"] = RefundAmount,
            ["settlement_total"] = Total,
            ["discount_refund"] = 0,
            ["currency"] = Currency,
        },
    };
}
