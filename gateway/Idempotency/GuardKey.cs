namespace EdgeGateway.Idempotency;

/// <summary>
/// What the duplicate-payment guard locks: one order or refund number of one merchant on one route. The route
/// is part of the key because a prepay and a close of the same out_trade_no are different operations, each
/// with its own answer to keep. For a partner's request the merchant is the service provider that signs plus
/// the sub-merchant: two sub-merchants may use the same out_trade_no, and each is its own order.
/// </summary>
internal readonly record struct GuardKey(string RouteId, string MchId, string Field, string Number, string? SubMchId = null)
{
    /// <summary>
    /// The key's text; the braces are a Redis Cluster hash tag, so the lock and the kept answer of one number
    /// live on the same shard and one script can touch both. Without a sub-merchant it is what it always was.
    /// </summary>
    public override string ToString() => SubMchId is null ? $"{{{RouteId}|{MchId}|{Number}}}" : $"{{{RouteId}|{MchId}/{SubMchId}|{Number}}}";
}
