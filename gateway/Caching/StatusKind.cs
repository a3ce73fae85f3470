namespace EdgeGateway.Caching;

/// <summary>Which business number identifies a cached status.</summary>
internal enum StatusKind
{
    /// <summary>An order by the merchant's <c>out_trade_no</c>.</summary>
    OutTradeNo,

    /// <summary>An order by WeChat Pay's <c>transaction_id</c>.</summary>
    TransactionId,

    /// <summary>A refund by the merchant's <c>out_refund_no</c>.</summary>
    OutRefundNo,
}
