namespace EdgeGateway.Transforms.Yarp;

/// <summary>What the <c>WeChatPay</c> route transform does with a route's traffic.</summary>
public enum WeChatPayMode
{
    /// <summary>Sign the request and verify the answer: every v3 API route.</summary>
    SignAndVerify,

    /// <summary>
    /// Sign the request, pass the answer through unverified: only for file downloads, which WeChat Pay does
    /// not sign (<c>/v3/billdownload/file</c>, PROTOCOL.md §2.4); callers check the file's hash instead.
    /// </summary>
    SignOnly,
}

/// <summary>Settings shared by every WeChat Pay transform (bound from the gateway's host settings).</summary>
public sealed class WeChatPayTransformOptions
{
    /// <summary>User-Agent sent to WeChat Pay, which rejects requests without one (PROTOCOL.md §1.4).</summary>
    public string UserAgent { get; set; } = "EdgeGateway/1.0";

    /// <summary>Largest answer read for verification; a larger one is refused with 502. Default 8 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Refuse WeChat Pay error answers that carry no signature (502 UPSTREAM_SIGNATURE_INVALID, reason MissingHeader,
    /// body withheld) instead of passing them on marked <c>unsigned</c>. Default false: WeChat Pay and the official
    /// SDKs do not require signatures on errors (they verify 2xx answers only). A route's <c>Metadata.RequireSignedErrors</c>
    /// ("true" or "false") overrides it. Ignored on SignOnly routes, whose answers are never verified.
    /// </summary>
    public bool RequireSignedErrors { get; set; }
}
