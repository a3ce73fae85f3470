using System.Text.Json;

namespace EdgeGateway.Requests;

/// <summary>
/// The business identifiers of a request: which merchant it is for and which order or refund it touches.
/// Taken from the JSON body's top level, the query and the path (<c>/out-trade-no/{no}</c>, <c>/refunds/{no}</c>).
/// For partners (服务商) <c>sp_mchid</c> is the merchant that signs and <c>sub_mchid</c> the sub-merchant whose order
/// it is: out_trade_no is unique per sub-merchant, not per service provider.
/// </summary>
/// <remarks>
/// Policies are keyed on these values while WeChat Pay acts on the request itself, so each one must have a single
/// reading (<see cref="TryRead"/>): a string, not empty, named once, the same wherever the request names it, and a
/// partner field only on a partner route. A request that names one ambiguously is refused, never keyed on a guess.
/// </remarks>
public sealed record RequestIdentifiers(string? MchId, string? SpMchId, string? OutTradeNo, string? OutRefundNo)
{
    public const string MchIdField = "mchid";
    public const string SpMchIdField = "sp_mchid";
    public const string SubMchIdField = "sub_mchid";
    public const string OutTradeNoField = "out_trade_no";
    public const string OutRefundNoField = "out_refund_no";
    public const string CombineMchIdField = "combine_mchid";
    public const string CombineOutTradeNoField = "combine_out_trade_no";
    public const string OutOrderNoField = "out_order_no";
    public const string OutReturnNoField = "out_return_no";
    public const string OutBillNoField = "out_bill_no";

    /// <summary>A combined payment's (合单) number (<c>combine_out_trade_no</c>).</summary>
    public string? CombineOutTradeNo { get; init; }

    /// <summary>A profit-sharing order's number (<c>out_order_no</c>).</summary>
    public string? OutOrderNo { get; init; }

    /// <summary>A profit-sharing return order's number (<c>out_return_no</c>).</summary>
    public string? OutReturnNo { get; init; }

    /// <summary>A merchant transfer's number (<c>out_bill_no</c>).</summary>
    public string? OutBillNo { get; init; }

    /// <summary>The partner's sub-merchant (<c>sub_mchid</c>), when the request names one.</summary>
    public string? SubMchId { get; init; }

    public static readonly RequestIdentifiers None = new(null, null, null, null);

    /// <summary>The merchant whose key signs: the service provider when there is one.</summary>
    public string? SigningMchId => SpMchId ?? MchId;

    /// <summary>The value of an identifier by its field name (<see cref="OutTradeNoField"/>, …), or null.</summary>
    public string? this[string field] => field switch
    {
        MchIdField => MchId,
        SpMchIdField => SpMchId,
        SubMchIdField => SubMchId,
        OutTradeNoField => OutTradeNo,
        OutRefundNoField => OutRefundNo,
        CombineOutTradeNoField => CombineOutTradeNo,
        OutOrderNoField => OutOrderNo,
        OutReturnNoField => OutReturnNo,
        OutBillNoField => OutBillNo,
        _ => null,
    };

    /// <summary>
    /// Reads the identifiers of a request on a route of <paramref name="shape"/>; false, with the problem, when one of
    /// them cannot be read one way only, or the route's duplicate-payment guard has nothing valid to key on.
    /// </summary>
    public static bool TryRead(JsonElement? body, IQueryCollection query, string path, RequestShape shape,
        out RequestIdentifiers identifiers, out IdentifierProblem? problem)
    {
        identifiers = None;
        var root = body is { ValueKind: JsonValueKind.Object } element ? element : (JsonElement?)null;
        string? mchId = null, combineMchId = null, spMchId = null, subMchId = null, outTradeNo = null, outRefundNo = null;
        string? combineOutTradeNo = null, outOrderNo = null, outReturnNo = null, outBillNo = null;
        var named = shape.PathTemplate is { } template ? PathValues(template, path) : null;
        string? FromPath(string field, string marker, bool last = false) =>
            named is null ? Segment(path, marker, last) : named.GetValueOrDefault(field);
        problem = Merchant(root, query, MchIdField, ref mchId)
                  ?? Merchant(root, query, CombineMchIdField, ref combineMchId)
                  ?? Merchant(root, query, SpMchIdField, ref spMchId)
                  ?? Merchant(root, query, SubMchIdField, ref subMchId)
                  ?? Number(root, OutTradeNoField, FromPath(OutTradeNoField, "/out-trade-no/"), ref outTradeNo)
                  ?? Number(root, OutRefundNoField, FromPath(OutRefundNoField, "/refund/domestic/refunds/", last: true), ref outRefundNo)
                  ?? Number(root, CombineOutTradeNoField, named?.GetValueOrDefault(CombineOutTradeNoField), ref combineOutTradeNo)
                  ?? Number(root, OutOrderNoField, named?.GetValueOrDefault(OutOrderNoField), ref outOrderNo)
                  ?? Number(root, OutReturnNoField, named?.GetValueOrDefault(OutReturnNoField), ref outReturnNo)
                  ?? Number(root, OutBillNoField, named?.GetValueOrDefault(OutBillNoField), ref outBillNo);
        if (problem is null && mchId is not null && combineMchId is not null && !string.Equals(mchId, combineMchId, StringComparison.Ordinal))
        {
            problem = IdentifierProblem.Conflicting(CombineMchIdField, "combine_mchid", "mchid");
        }

        if (problem is not null)
        {
            return false;
        }

        problem = shape.Merchant switch
        {
            MerchantFields.Direct when spMchId is not null => IdentifierProblem.PartnerField(SpMchIdField),
            MerchantFields.Direct when subMchId is not null => IdentifierProblem.PartnerField(SubMchIdField),
            MerchantFields.Partner when subMchId is null => IdentifierProblem.Missing(SubMchIdField, "a partner (服务商) route needs the sub-merchant"),
            _ => null,
        };
        // A combined payment (合单) names its merchant combine_mchid: the one that signs (PROTOCOL.md §11.4).
        identifiers = new RequestIdentifiers(mchId ?? combineMchId, spMchId, outTradeNo, outRefundNo)
        {
            SubMchId = subMchId,
            CombineOutTradeNo = combineOutTradeNo,
            OutOrderNo = outOrderNo,
            OutReturnNo = outReturnNo,
            OutBillNo = outBillNo,
        };
        if (problem is null && shape.GuardField is { } guarded)
        {
            problem = IdentifierFormat.Check(guarded, identifiers[guarded]);
        }

        if (problem is not null)
        {
            identifiers = None;
            return false;
        }

        return true;
    }

    /// <summary>A merchant number from the body or the query: one value, the same in both, in the form WeChat Pay issues.</summary>
    private static IdentifierProblem? Merchant(JsonElement? root, IQueryCollection query, string field, ref string? value)
    {
        if (Member(root, field, out var fromBody) is { } bodyProblem)
        {
            return bodyProblem;
        }

        var fromQuery = query[field];
        if (fromQuery.Count > 1)
        {
            return IdentifierProblem.Repeated(field);
        }

        var queried = fromQuery.Count == 1 ? fromQuery[0] : null;
        if (queried is not null && fromBody is not null && !string.Equals(queried, fromBody, StringComparison.Ordinal))
        {
            return IdentifierProblem.Conflicting(field, "the body", "the query");
        }

        value = fromBody ?? queried;
        if (value is null)
        {
            return null;
        }

        return IdentifierFormat.IsMerchantId(value) ? null : IdentifierProblem.Malformed(field, "a merchant number is 1 to 32 ASCII letters or digits");
    }

    /// <summary>An order or refund number from the body or the path; when both name one, they must agree.</summary>
    private static IdentifierProblem? Number(JsonElement? root, string field, string? fromPath, ref string? value)
    {
        if (Member(root, field, out var fromBody) is { } bodyProblem)
        {
            return bodyProblem;
        }

        if (fromPath is not null && fromBody is not null && !string.Equals(fromPath, fromBody, StringComparison.Ordinal))
        {
            return IdentifierProblem.Conflicting(field, "the body", "the path");
        }

        value = fromPath ?? fromBody;
        return null;
    }

    /// <summary>A top-level member: absent, or a non-empty string. Anything else has no single reading.</summary>
    private static IdentifierProblem? Member(JsonElement? root, string field, out string? value)
    {
        value = null;
        if (root is not { } element || !element.TryGetProperty(field, out var member))
        {
            return null;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            return IdentifierProblem.NotAString(field, member.ValueKind);
        }

        value = member.GetString();
        return string.IsNullOrEmpty(value) ? IdentifierProblem.Malformed(field, "it is empty") : null;
    }

    /// <summary>
    /// The identifiers a path names through its route's pattern: the segment where the pattern has <c>{out_bill_no}</c>
    /// is the out_bill_no. Only plain <c>{name}</c> segments count; a pattern of another length than the path names none.
    /// </summary>
    internal static Dictionary<string, string> PathValues(string template, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = template.Split('/');
        var segments = path.Split('/');
        if (names.Length != segments.Length)
        {
            return values;
        }

        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (name.Length > 2 && name[0] == '{' && name[^1] == '}' && !name.Contains('*') && !name.Contains(':') && segments[i].Length > 0)
            {
                values[name[1..^1]] = segments[i];
            }
        }

        return values;
    }

    /// <summary>
    /// The path segment after <paramref name="marker"/> (e.g. <c>/out-trade-no/</c>), or null; with <paramref name="last"/>
    /// only when it ends the path (<c>/refunds/{out_refund_no}</c>, not <c>/refunds/{refund_id}/apply-abnormal-refund</c>).
    /// </summary>
    internal static string? Segment(string path, string marker, bool last = false)
    {
        var index = path.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var rest = path.AsSpan(index + marker.Length);
        var end = rest.IndexOf('/');
        if (last && end >= 0)
        {
            return null;
        }

        var segment = end < 0 ? rest : rest[..end];
        return segment.IsEmpty ? null : segment.ToString();
    }
}
