using EdgeGateway.Configuration;
using EdgeGateway.Transforms.WeChatPay;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Requests;

/// <summary>
/// What a route's requests must look like, from its metadata: the body's media type, which merchant fields it may
/// carry, and the identifier its duplicate-payment guard keys on (null without a guard). Unknown values are refused
/// by configuration validation, so here they cannot occur; the defaults are the strict reading.
/// </summary>
public sealed record RequestShape(RequestBodyKind Body, MerchantFields Merchant, string? GuardField)
{
    /// <summary>The identifier names a guard can key on, with the rules WeChat Pay documents for them (PROTOCOL.md §11.1, §11.4).</summary>
    public static readonly IReadOnlyList<string> GuardFields =
    [
        RequestIdentifiers.OutTradeNoField, RequestIdentifiers.OutRefundNoField, RequestIdentifiers.CombineOutTradeNoField,
        RequestIdentifiers.OutOrderNoField, RequestIdentifiers.OutReturnNoField, RequestIdentifiers.OutBillNoField,
    ];

    /// <summary>
    /// The route's path pattern (<c>Match.Path</c>), when known: a segment written <c>{out_bill_no}</c> names that
    /// identifier. Null reads numbers from the path by their well-known prefixes (<c>/out-trade-no/</c>, <c>/refunds/</c>).
    /// </summary>
    public string? PathTemplate { get; init; }

    /// <summary>The request fields the gateway encrypts before signing (<c>Metadata.SensitiveFields</c>); empty for most routes.</summary>
    public IReadOnlyList<SensitiveFieldPath> SensitiveFields { get; init; } = [];

    /// <summary>
    /// Shapes of the routes in force, one per <see cref="RouteConfig"/> (YARP builds a new one on every configuration
    /// change, so an entry never goes stale and dies with its route): the metadata is read once, not per request.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RouteConfig, RequestShape> Shapes = [];

    public static RequestShape For(RouteConfig route) => Shapes.GetValue(route, Create);

    private static RequestShape Create(RouteConfig route)
    {
        var metadata = route.Metadata;
        if (metadata is null)
        {
            return new RequestShape(RequestBodyKind.Json, MerchantFields.Direct, null) { PathTemplate = route.Match.Path };
        }

        var body = metadata.TryGetValue(RouteMetadataKeys.Body, out var bodyText) && Enum.TryParse<RequestBodyKind>(bodyText, out var parsedBody) ? parsedBody : RequestBodyKind.Json;
        var merchant = metadata.TryGetValue(RouteMetadataKeys.Merchant, out var merchantText) && Enum.TryParse<MerchantFields>(merchantText, out var parsedMerchant)
            ? parsedMerchant
            : MerchantFields.Direct;
        string? guardField = null;
        if (metadata.ContainsKey(RouteMetadataKeys.DuplicateGuard))
        {
            // A guard with no (or an unknown) key field still guards: on out_trade_no, the number every payment has.
            guardField = metadata.TryGetValue(RouteMetadataKeys.DuplicateGuardKey, out var field) && GuardFields.Contains(field) ? field : RequestIdentifiers.OutTradeNoField;
        }

        var sensitive = metadata.TryGetValue(RouteMetadataKeys.SensitiveFields, out var list) && list is not null ? SensitiveFieldPath.ParseList(list, out _) : [];
        return new RequestShape(body, merchant, guardField) { PathTemplate = route.Match.Path, SensitiveFields = sensitive };
    }
}
