namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// The codes of errors the gateway produces itself (docs/DESIGN.md, "Error contract"). They are part of the
/// API: callers branch on them, so they never change meaning.
/// </summary>
public static class GatewayErrorCodes
{
    /// <summary>401: no X-Api-Key, or one no caller has.</summary>
    public const string CallerUnauthenticated = "CALLER_UNAUTHENTICATED";

    /// <summary>403: the caller may not use this route or act for this merchant.</summary>
    public const string CallerForbidden = "CALLER_FORBIDDEN";

    /// <summary>429: the route's local rate limit rejected the request.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>429: the caller's (or user's) quota in Redis is used up.</summary>
    public const string QuotaExceeded = "QUOTA_EXCEEDED";

    /// <summary>409: the same out_trade_no / out_refund_no is being processed, or was used with another body.</summary>
    public const string DuplicateRequestInFlight = "DUPLICATE_REQUEST_IN_FLIGHT";

    /// <summary>503: the route's circuit breaker is open.</summary>
    public const string CircuitOpen = "CIRCUIT_OPEN";

    /// <summary>503: a dependency the route needs (Redis, under a fail-closed policy) is unavailable.</summary>
    public const string DependencyUnavailable = "DEPENDENCY_UNAVAILABLE";

    /// <summary>504: WeChat Pay did not answer within the route's timeout.</summary>
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";

    /// <summary>502: WeChat Pay could not be reached, or the connection failed mid-answer.</summary>
    public const string UpstreamUnreachable = "UPSTREAM_UNREACHABLE";

    /// <summary>502: the answer's signature did not verify; its body is withheld.</summary>
    public const string UpstreamSignatureInvalid = "UPSTREAM_SIGNATURE_INVALID";

    /// <summary>413: the request body is larger than the route allows.</summary>
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>400: the request cannot be forwarded as it is (malformed JSON, encoded slash in the path…).</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>415: the body's media type is not the one the route takes (application/json, or multipart/form-data for uploads).</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>400: the request names a merchant (mchid) this gateway holds no keys for.</summary>
    public const string MerchantUnknown = "MERCHANT_UNKNOWN";

    /// <summary>405: a route serves the path, but not with this method (public listener only); <c>Allow</c> names the methods.</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    /// <summary>404: no route of config/routes.json matches the path (public listener only).</summary>
    public const string RouteNotFound = "ROUTE_NOT_FOUND";

    /// <summary>
    /// 503: the merchant's private key is in a PKCS#11 token the gateway cannot reach now (removed, sessions lost);
    /// nothing was sent to WeChat Pay. Other merchants are unaffected; retry later.
    /// </summary>
    public const string MerchantKeyUnavailable = "MERCHANT_KEY_UNAVAILABLE";

    /// <summary>500: a bug in the gateway; the message says nothing more, the log has the detail.</summary>
    public const string InternalError = "GATEWAY_INTERNAL_ERROR";
}
