namespace EdgeGateway.Configuration;

/// <summary>The keys a route's <c>Metadata</c> uses to name its policies and settings.</summary>
public static class RouteMetadataKeys
{
    /// <summary>Route group(s) for caller authorisation, comma-separated (e.g. <c>payments</c>, <c>queries</c>).</summary>
    public const string Group = "Group";

    /// <summary>A <see cref="PolicyCatalog.Quotas"/> name.</summary>
    public const string Quota = "Quota";

    /// <summary>A <see cref="PolicyCatalog.CircuitBreakers"/> name.</summary>
    public const string CircuitBreaker = "CircuitBreaker";

    /// <summary>A <see cref="PolicyCatalog.Retries"/> name (GET routes only).</summary>
    public const string Retry = "Retry";

    /// <summary>A <see cref="PolicyCatalog.DuplicateGuards"/> name (money-moving routes).</summary>
    public const string DuplicateGuard = "DuplicateGuard";

    /// <summary>A <see cref="PolicyCatalog.StatusCaches"/> name (order/refund query routes).</summary>
    public const string StatusCache = "StatusCache";

    /// <summary>
    /// Which identifier makes a request unique for the route's duplicate-payment guard: <c>out_trade_no</c>,
    /// <c>out_refund_no</c>, <c>combine_out_trade_no</c>, <c>out_order_no</c>, <c>out_return_no</c> or <c>out_bill_no</c>. Required with <see cref="DuplicateGuard"/>.
    /// </summary>
    public const string DuplicateGuardKey = "DuplicateGuardKey";

    /// <summary>What the route's requests carry: <c>Json</c> (default) or <c>Multipart</c> (media uploads).</summary>
    public const string Body = "Body";

    /// <summary>
    /// Whose API the route is: <c>Direct</c> (default: direct merchants; <c>sp_mchid</c> and <c>sub_mchid</c> are refused),
    /// <c>Partner</c> (服务商: <c>sub_mchid</c> required) or <c>Either</c> (the path serves both, e.g. refunds).
    /// </summary>
    public const string Merchant = "Merchant";

    /// <summary>
    /// Request fields the gateway encrypts (RSA-OAEP, PROTOCOL.md §5) before signing, comma-separated JSON paths such as
    /// <c>user_name,receivers[].name</c>. Optional; only on JSON routes.
    /// </summary>
    public const string SensitiveFields = "SensitiveFields";

    /// <summary>Largest request body for the route in bytes (overrides EdgeGateway:MaxRequestBodyBytes).</summary>
    public const string MaxRequestBodyBytes = "MaxRequestBodyBytes";

    /// <summary>
    /// "true" or "false": refuse WeChat Pay error answers without a signature on this route (502), overriding
    /// EdgeGateway:WeChatPay:RequireSignedErrors. Read by the WeChatPay transform (SignAndVerify routes).
    /// </summary>
    public const string RequireSignedErrors = Transforms.Yarp.WeChatPayTransformFactory.RequireSignedErrorsMetadataKey;
}
