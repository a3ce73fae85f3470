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

    /// <summary>Largest request body for the route in bytes (overrides EdgeGateway:MaxRequestBodyBytes).</summary>
    public const string MaxRequestBodyBytes = "MaxRequestBodyBytes";

    /// <summary>
    /// "true" or "false": refuse WeChat Pay error answers without a signature on this route (502), overriding
    /// EdgeGateway:WeChatPay:RequireSignedErrors. Read by the WeChatPay transform (SignAndVerify routes).
    /// </summary>
    public const string RequireSignedErrors = Transforms.Yarp.WeChatPayTransformFactory.RequireSignedErrorsMetadataKey;
}
