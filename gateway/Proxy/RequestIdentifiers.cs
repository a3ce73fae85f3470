using System.Text.Json;

namespace EdgeGateway.Proxy;

/// <summary>
/// The business identifiers of a request: which merchant it is for and which order or refund it touches.
/// Taken from the JSON body's top level, then the query, then the path (<c>/out-trade-no/{no}</c>,
/// <c>/refunds/{no}</c>). For partners (服务商) <c>sp_mchid</c> is the merchant that signs and <c>sub_mchid</c>
/// the sub-merchant whose order it is: out_trade_no is unique per sub-merchant, not per service provider.
/// </summary>
public sealed record RequestIdentifiers(string? MchId, string? SpMchId, string? OutTradeNo, string? OutRefundNo)
{
    /// <summary>The partner's sub-merchant (<c>sub_mchid</c>), when the request names one.</summary>
    public string? SubMchId { get; init; }

    public static readonly RequestIdentifiers None = new(null, null, null, null);

    /// <summary>The merchant whose key signs: the service provider when there is one.</summary>
    public string? SigningMchId => SpMchId ?? MchId;

    public static RequestIdentifiers Extract(JsonElement? body, IQueryCollection query, string path)
    {
        string? mchId = null, spMchId = null, subMchId = null, outTradeNo = null, outRefundNo = null;
        if (body is { ValueKind: JsonValueKind.Object } root)
        {
            mchId = Text(root, "mchid");
            spMchId = Text(root, "sp_mchid");
            subMchId = Text(root, "sub_mchid");
            outTradeNo = Text(root, "out_trade_no");
            outRefundNo = Text(root, "out_refund_no");
        }

        mchId ??= NonEmpty(query["mchid"]);
        spMchId ??= NonEmpty(query["sp_mchid"]);
        subMchId ??= NonEmpty(query["sub_mchid"]);
        outTradeNo ??= Segment(path, "/out-trade-no/");
        outRefundNo ??= Segment(path, "/refund/domestic/refunds/");
        return new RequestIdentifiers(mchId, spMchId, outTradeNo, outRefundNo) { SubMchId = subMchId };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? NonEmpty(value.GetString()) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The path segment after <paramref name="marker"/> (e.g. <c>/out-trade-no/</c>), or null.</summary>
    internal static string? Segment(string path, string marker)
    {
        var index = path.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var rest = path.AsSpan(index + marker.Length);
        var end = rest.IndexOf('/');
        var segment = end < 0 ? rest : rest[..end];
        return segment.IsEmpty ? null : segment.ToString();
    }
}
