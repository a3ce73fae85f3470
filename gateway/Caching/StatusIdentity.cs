using EdgeGateway.Requests;

namespace EdgeGateway.Caching;

/// <summary>
/// One order or refund of one merchant: what cache entries are filed under and what invalidation drops. The
/// merchant is the one whose key signs the query, so one merchant's entries are never another's.
/// </summary>
internal sealed record StatusIdentity(string MchId, StatusKind Kind, string Id)
{
    /// <summary>Longest number accepted (WeChat Pay: out_trade_no 32, out_refund_no 64); it becomes part of a key.</summary>
    public const int MaxIdLength = 64;

    private const string TransactionIdMarker = "/transactions/id/";

    /// <summary>The store key, e.g. <c>1900000001:otn:T2026…</c> (the number is last, so separators in it cannot confuse it).</summary>
    public string Key => $"{MchId}:{KindTag}:{Id}";

    private string KindTag => Kind switch
    {
        StatusKind.OutTradeNo => "otn",
        StatusKind.TransactionId => "txid",
        _ => "orn",
    };

    /// <summary>
    /// Whose order it is: the merchant that signs, and on a partner's (服务商) request its sub-merchant too, since two
    /// sub-merchants of one service provider may use the same out_trade_no (PROTOCOL.md §11.4). Merchant numbers are
    /// letters and digits only, so the '/' cannot be forged by either.
    /// </summary>
    public static string Owner(string mchId, string? subMchId) => subMchId is null ? mchId : $"{mchId}/{subMchId}";

    /// <summary>Null when the number is missing, too long or not printable ASCII.</summary>
    public static StatusIdentity? TryCreate(string mchId, StatusKind kind, string? id) =>
        string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !id.All(c => c is > ' ' and < '\u007f') ? null : new StatusIdentity(mchId, kind, id);

    /// <summary>The order or refund a query path asks for (<c>/out-trade-no/{no}</c>, <c>/transactions/id/{id}</c>, <c>/refunds/{no}</c>).</summary>
    public static StatusIdentity? ForQuery(string mchId, RequestIdentifiers identifiers, string path) =>
        TryCreate(mchId, StatusKind.OutTradeNo, identifiers.OutTradeNo)
        ?? TryCreate(mchId, StatusKind.TransactionId, RequestIdentifiers.Segment(path, TransactionIdMarker))
        ?? TryCreate(mchId, StatusKind.OutRefundNo, identifiers.OutRefundNo);

    /// <summary>Every order and refund a request that changes state names (close: the path; refund: the body).</summary>
    public static IReadOnlyList<StatusIdentity> TouchedBy(string mchId, RequestIdentifiers identifiers, string path, ReadOnlyMemory<byte> body)
    {
        var found = new List<StatusIdentity?>
        {
            TryCreate(mchId, StatusKind.OutTradeNo, identifiers.OutTradeNo),
            TryCreate(mchId, StatusKind.OutRefundNo, identifiers.OutRefundNo),
            TryCreate(mchId, StatusKind.TransactionId, RequestIdentifiers.Segment(path, TransactionIdMarker) ?? TopLevelText(body, "transaction_id")),
        };
        return [.. found.OfType<StatusIdentity>().Distinct()];
    }

    /// <summary>
    /// The order (and refund) a verified callback resource describes: a TRANSACTION.* resource is the transaction a
    /// query returns; a REFUND.* resource names the refund and the order it belongs to. Never throws: a resource that is
    /// not a JSON object, or whose numbers cannot be read as text (a lone surrogate escape), names nothing by them.
    /// </summary>
    public static IReadOnlyList<StatusIdentity> DescribedBy(string mchId, string eventType, string resourceJson)
    {
        var refund = eventType.StartsWith("REFUND.", StringComparison.Ordinal);
        if (!refund && !eventType.StartsWith("TRANSACTION.", StringComparison.Ordinal))
        {
            return [];
        }

        var body = System.Text.Encoding.UTF8.GetBytes(resourceJson);
        // A partner's notification names the sub-merchant whose order it describes: its entries are filed under both.
        if (TopLevelText(body, "sub_mchid") is { } subMchId && IdentifierFormat.IsMerchantId(subMchId))
        {
            mchId = Owner(mchId, subMchId);
        }

        var found = new List<StatusIdentity?>
        {
            TryCreate(mchId, StatusKind.OutTradeNo, TopLevelText(body, "out_trade_no")),
            TryCreate(mchId, StatusKind.TransactionId, TopLevelText(body, "transaction_id")),
            refund ? TryCreate(mchId, StatusKind.OutRefundNo, TopLevelText(body, "out_refund_no")) : null,
        };
        return [.. found.OfType<StatusIdentity>().Distinct()];
    }

    private static string? TopLevelText(ReadOnlyMemory<byte> json, string name) => TopLevelJsonText.Find(json.Span, name);
}
