using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Store;

/// <summary>An order the simulator created at prepay; mutable under its own lock.</summary>
public sealed class Order
{
    public required string MchId { get; init; }
    public required string AppId { get; init; }
    public required string OutTradeNo { get; init; }
    public required string TransactionId { get; init; }
    public required string TradeType { get; init; }
    public required string PrepayId { get; init; }
    public required long Total { get; init; }
    public required string Currency { get; init; }
    public string? PayerOpenId { get; init; }
    public string? NotifyUrl { get; init; }
    public string? Description { get; init; }

    /// <summary>The request body that created the order, to tell an identical repeat from a changed one.</summary>
    public required string CreationFingerprint { get; init; }

    public string TradeState { get; set; } = "NOTPAY";
    public DateTimeOffset? SuccessTime { get; set; }
    public long Refunded { get; set; }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["appid"] = AppId,
            ["mchid"] = MchId,
            ["out_trade_no"] = OutTradeNo,
            ["trade_type"] = TradeType,
            ["trade_state"] = TradeState,
            ["trade_state_desc"] = TradeState switch
            {
                "SUCCESS" => "支付成功",
                "CLOSED" => "已关闭",
                "REFUND" => "转入退款",
                "USERPAYING" => "用户支付中",
                _ => "未支付",
            },
            ["amount"] = new JsonObject { ["total"] = Total, ["currency"] = Currency },
        };
        if (TradeState is "SUCCESS" or "REFUND")
        {
            json["transaction_id"] = TransactionId;
            json["bank_type"] = "OTHERS";
            json["success_time"] = SuccessTime?.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
            json["amount"]!["payer_total"] = Total;
            json["amount"]!["payer_currency"] = Currency;
        }

        if (PayerOpenId is not null)
        {
            json["payer"] = new JsonObject { ["openid"] = PayerOpenId };
        }

        return json;
    }
}
